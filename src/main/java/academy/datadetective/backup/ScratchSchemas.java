package academy.datadetective.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.api.MigrationVersion;

import io.quarkus.logging.Log;

import academy.datadetective.common.Sql;
import academy.datadetective.migration.MigrationRunner;
import academy.datadetective.migration.MigrationService;

/**
 * Where a backup older than the database is read: a schema of its own built with Flyway at the backup's
 * version, beside the live one. The upload check reads the tables of that version there; a restore loads the
 * backup there and migrates it forward before it replaces the live data. Each is dropped after use, and
 * those of a killed process by the next restore. Whether a backup's version can be read at all is decided
 * here too, since it is the same comparison with the database's version.
 */
@ApplicationScoped
class ScratchSchemas {

    private static final String PREFIX = "academy_restore_";

    private final DataSource dataSource;
    private final MigrationService migrations;

    ScratchSchemas(DataSource dataSource, MigrationService migrations) {
        this.dataSource = dataSource;
        this.migrations = migrations;
    }

    /**
     * The database's schema version, after checking that a backup at {@code backupVersion} can be read into
     * it: the live schema when the two are equal, a scratch schema when the backup's is older.
     *
     * @throws BackupVersionConflictException when the backup is newer than this build or than the database
     */
    String databaseVersionFor(String backupVersion) {
        MigrationRunner.Status status = migrations.status();
        String current = status.current().orElseThrow(() -> new IllegalStateException("The database has no schema yet"));
        String latestKnown = status.latestKnown().orElseThrow();
        MigrationVersion version = MigrationVersion.fromVersion(backupVersion);
        if (version.compareTo(MigrationVersion.fromVersion(latestKnown)) > 0) {
            throw new BackupVersionConflictException("The backup is at schema version " + backupVersion + ", newer than this build ("
                    + latestKnown + "); restore it with a build that has that migration");
        }
        if (version.compareTo(MigrationVersion.fromVersion(current)) > 0) {
            throw new BackupVersionConflictException("The backup is at schema version " + backupVersion + ", newer than the database ("
                    + current + "); run `migrate up` first");
        }
        return current;
    }

    /** A new scratch schema migrated to {@code version}, dropped when closed (or at once, if building it fails). */
    ScratchSchema create(String version) {
        ScratchSchema scratch = new ScratchSchema(PREFIX + UUID.randomUUID().toString().replace("-", ""));
        try {
            scratch.migrateTo(version);
        } catch (RuntimeException e) {
            scratch.close();
            throw e;
        }
        return scratch;
    }

    /** Scratch schemas of a restore whose process was killed; the caller holds the backup lock, so no one uses one now. */
    void dropAbandoned() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet schemas = statement.executeQuery("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '"
                        + PREFIX + "')")) {
            List<String> abandoned = new ArrayList<>();
            while (schemas.next()) {
                abandoned.add(schemas.getString("nspname"));
            }
            abandoned.forEach(this::drop);
        } catch (SQLException e) {
            Log.warnf("Cannot look for abandoned restore schemas: %s", e.getMessage());
        }
    }

    private void drop(String schema) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            Sql.execute(connection, "DROP SCHEMA IF EXISTS " + Sql.quote(schema) + " CASCADE");
        } catch (SQLException e) {
            Log.warnf("Could not drop the restore's scratch schema %s: %s", schema, e.getMessage());
        }
    }

    /** One scratch schema in use; closing it drops it with everything in it. */
    final class ScratchSchema implements AutoCloseable {

        private final String name;

        private ScratchSchema(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        /** Flyway's migrations up to {@code version}, data migrations included, run in this schema. */
        void migrateTo(String version) {
            migrations.migrateSchema(name, version);
        }

        @Override
        public void close() {
            drop(name);
        }
    }
}
