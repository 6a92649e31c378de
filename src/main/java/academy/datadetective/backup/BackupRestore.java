package academy.datadetective.backup;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;

import academy.datadetective.common.Sql;
import academy.datadetective.dataset.DatasetTables;

/**
 * Replaces all application data with a backup's, all or nothing: the checksum and the header are checked
 * first, a safety backup is taken, and a backup at the database's schema version is loaded straight into the
 * live tables in one transaction; an older one into a scratch schema built at its version, migrated there,
 * and then swapped in, in one transaction too.
 */
@ApplicationScoped
public class BackupRestore {

    private final DataSource dataSource;
    private final BackupCatalogue catalogue;
    private final BackupLock lock;
    private final BackupTaker backups;
    private final ScratchSchemas scratchSchemas;
    private final String historyTable;

    BackupRestore(DataSource dataSource, BackupCatalogue catalogue, BackupLock lock, BackupTaker backups,
            ScratchSchemas scratchSchemas,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String historyTable) {
        this.dataSource = dataSource;
        this.catalogue = catalogue;
        this.lock = lock;
        this.backups = backups;
        this.scratchSchemas = scratchSchemas;
        this.historyTable = historyTable;
    }

    /** @throws BackupInProgressException when another backup or restore runs, here or on another replica */
    public RestoreReport restore(Path file) {
        return lock.exclusively(() -> {
            long started = System.nanoTime();
            scratchSchemas.dropAbandoned();
            BackupFiles.verifyChecksum(file);
            BackupHeader header = BackupCatalogue.readHeader(file);
            String current = scratchSchemas.databaseVersionFor(header.schemaVersion());
            BackupInfo safety = backups.takeHoldingLock(catalogue.directory(), false);
            long rows;
            if (header.schemaVersion().equals(current)) {
                rows = load(file, header, Optional.empty());
            } else {
                try (ScratchSchemas.ScratchSchema scratch = scratchSchemas.create(header.schemaVersion())) {
                    load(file, header, Optional.of(scratch.name()));
                    scratch.migrateTo(current);
                    rows = replaceLiveData(scratch.name());
                }
            }
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Log.infof("Restored %s (schema version %s, now %s): %d rows in %d ms; safety backup %s", file.getFileName(),
                    header.schemaVersion(), current, rows, millis, safety.name());
            return new RestoreReport(file.getFileName().toString(), header.schemaVersion(), current, rows, safety.name(),
                    millis);
        });
    }

    /**
     * Loads and commits the backup's rows, into the live tables or into a scratch schema (whose dataset tables
     * stay in it until {@link #replaceLiveData} moves them). A bad file fails here and rolls back: the live
     * data is unchanged.
     *
     * @return the rows loaded, dataset rows included
     */
    private long load(Path file, BackupHeader header, Optional<String> scratch) {
        try (Connection connection = dataSource.getConnection();
                InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024), 64 * 1024)) {
            connection.setAutoCommit(false);
            try {
                String schema = scratch.orElse(connection.getSchema());
                if (scratch.isPresent()) {
                    // The scratch schema's triggers name their tables without a schema (user_points): resolved
                    // through search_path, they must reach the scratch tables, never the live ones.
                    Sql.execute(connection, "SET LOCAL search_path TO " + Sql.quote(schema));
                } else {
                    DatasetTables.dropAll(connection);
                }
                // The TRUNCATE also removes the reference rows (the catalogue) that migrations insert: the
                // backup carries its own.
                DataTables tables = DataTables.read(connection, schema, historyTable);
                BulkLoad bulk = BulkLoad.begin(connection, schema, tables);
                LineReader lines = new LineReader(in);
                BackupHeader.read(lines);
                BackupLoader.load(lines, header, connection, schema, tables, scratch.orElse(DatasetTables.SCHEMA));
                bulk.finish();
                connection.commit();
                return header.totalRows();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (EOFException | ZipException e) {
            throw InvalidBackupException.damagedGzip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new InvalidBackupException("its data does not load: " + e.getMessage());
        }
    }

    /** The one transaction that replaces live data with a migrated scratch schema's. */
    private long replaceLiveData(String scratch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String schema = connection.getSchema();
                DataTables live = DataTables.read(connection, schema, historyTable);
                BulkLoad bulk = BulkLoad.begin(connection, schema, live);
                long rows = 0;
                for (DataTables.Table table : live.copied()) {
                    try (Statement statement = connection.createStatement()) {
                        rows += statement.executeUpdate("INSERT INTO " + table.quotedName() + " (" + table.quotedColumns()
                                + ") OVERRIDING SYSTEM VALUE SELECT " + table.quotedColumns() + " FROM " + Sql.quote(scratch)
                                + "." + table.quotedName());
                    }
                }
                DatasetTables.dropAll(connection);
                for (String table : BackupLoader.datasetTableNames(connection, scratch)) {
                    // Loaded in the scratch schema, which is dropped next: moved, not copied.
                    Sql.execute(connection, "ALTER TABLE " + DatasetTables.in(scratch, table) + " SET SCHEMA " + DatasetTables.SCHEMA);
                    rows += BackupWriter.count(connection, DatasetTables.qualified(table));
                }
                bulk.finish();
                connection.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Restore failed, the data is unchanged: " + e.getMessage(), e);
        }
    }
}
