package academy.datadetective.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

import academy.datadetective.common.Sql;

/**
 * What Flyway OSS lacks: rolling back with the down script kept beside every up migration
 * ({@value #ROLLBACK_LOCATION}/V{n}__x.down.sql, outside Flyway's locations), and knowing which up migrations
 * have none. Works on any database Flyway is configured for: the service's, or a test's scratch one.
 */
public class MigrationRollback {

    public static final String ROLLBACK_LOCATION = "db/rollback";

    /** Rollbacks of two operators at once would interleave down scripts; this lock makes them take turns. */
    private static final String ROLLBACK_LOCK = "academy:migration-rollback";

    private final Flyway flyway;

    public MigrationRollback(Flyway flyway) {
        this.flyway = flyway;
    }

    /**
     * Rolls back applied migrations newest first: the last {@code steps} of them, or all above {@code to}
     * ("base" for every one). Each down script runs in one transaction with the removal of its history
     * row, so a failure leaves that version applied and the next {@code up} does not re-run it.
     * @return the versions rolled back, newest first
     */
    public List<String> down(Optional<String> to, OptionalInt steps) {
        List<MigrationInfo> toRollBack = plan(to, steps);
        for (MigrationInfo migration : toRollBack) {
            downScript(migration.getScript()).orElseThrow(() -> new MigrationException(
                    "Version " + migration.getVersion() + " has no down script " + downScriptName(migration.getScript())));
        }
        List<String> rolledBack = new ArrayList<>();
        for (MigrationInfo migration : toRollBack) {
            rollBack(migration);
            rolledBack.add(migration.getVersion().getVersion());
        }
        return rolledBack;
    }

    /** The versions {@link #down} would roll back, newest first, without touching anything. */
    public List<String> planned(Optional<String> to, OptionalInt steps) {
        return plan(to, steps).stream().map(m -> m.getVersion().getVersion()).toList();
    }

    /** Up migrations of this build whose down script is missing. */
    public List<String> missingDownScripts() {
        List<String> missing = new ArrayList<>();
        for (MigrationInfo migration : flyway.info().all()) {
            if (migration.isVersioned() && migration.getState().isResolved() && downScript(migration.getScript()).isEmpty()) {
                missing.add("V" + migration.getVersion() + " (" + migration.getScript() + ") has no down script "
                        + ROLLBACK_LOCATION + "/" + downScriptName(migration.getScript()));
            }
        }
        return missing;
    }

    private List<MigrationInfo> plan(Optional<String> to, OptionalInt steps) {
        List<MigrationInfo> applied = Arrays.stream(flyway.info().applied())
                .filter(m -> m.isVersioned() && m.getState().isApplied() && !m.getState().isFailed())
                .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                .toList();
        if (steps.isPresent()) {
            return applied.subList(0, Math.min(steps.getAsInt(), applied.size()));
        }
        String target = to.orElseThrow(() -> new MigrationException("Say how far to roll back: a number of steps or a version"));
        Optional<MigrationVersion> floor = target.equalsIgnoreCase("base") ? Optional.empty()
                : Optional.of(MigrationVersion.fromVersion(target));
        if (floor.isPresent() && applied.stream().noneMatch(m -> m.getVersion().equals(floor.get()))) {
            throw new MigrationException("Version " + target + " is not applied; nothing to roll back to");
        }
        return applied.stream().filter(m -> floor.map(f -> m.getVersion().compareTo(f) > 0).orElse(true)).toList();
    }

    static String downScriptName(String upScript) {
        String file = upScript.substring(upScript.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - ".sql".length()) + ".down.sql";
    }

    private Optional<String> downScript(String upScript) {
        String resource = ROLLBACK_LOCATION + "/" + downScriptName(upScript);
        try (InputStream in = flyway.getConfiguration().getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rollBack(MigrationInfo migration) {
        DataSource dataSource = flyway.getConfiguration().getDataSource();
        Optional<String> schema = Optional.ofNullable(flyway.getConfiguration().getDefaultSchema())
                .or(() -> Arrays.stream(flyway.getConfiguration().getSchemas()).findFirst());
        String history = schema.map(s -> Sql.quote(s) + ".").orElse("") + Sql.quote(flyway.getConfiguration().getTable());
        String sql = downScript(migration.getScript()).orElseThrow();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                    PreparedStatement forget = connection.prepareStatement("DELETE FROM " + history + " WHERE version = ?")) {
                Sql.lock(connection, ROLLBACK_LOCK);
                if (schema.isPresent()) {
                    // Down scripts name no schema, like the up scripts; they must run where Flyway ran those.
                    statement.execute("SET LOCAL search_path TO " + Sql.quote(schema.get()));
                }
                statement.execute(sql);
                forget.setString(1, migration.getVersion().getVersion());
                if (forget.executeUpdate() != 1) {
                    // Another rollback got here first while this one waited for the lock: undo, change nothing.
                    throw new MigrationException("V" + migration.getVersion() + " was rolled back meanwhile by someone else");
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw new MigrationException("Rolling back V" + migration.getVersion() + " failed, nothing of it was changed: "
                        + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new MigrationException("Rolling back V" + migration.getVersion() + " failed: " + e.getMessage(), e);
        }
    }
}
