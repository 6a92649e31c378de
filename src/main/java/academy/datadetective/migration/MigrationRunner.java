package academy.datadetective.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

import academy.datadetective.common.Sql;

/**
 * Flyway, plus what Flyway OSS lacks: rolling back with the down script kept beside every up migration
 * ({@value #ROLLBACK_LOCATION}/V{n}__x.down.sql, outside Flyway's locations), and checks that every up
 * migration has one. Works on any database Flyway is configured for: the service's, or a test's scratch one.
 */
public class MigrationRunner {

    public static final String ROLLBACK_LOCATION = "db/rollback";

    /** Rollbacks of two operators at once would interleave down scripts; this lock makes them take turns. */
    private static final String ROLLBACK_LOCK = "academy:migration-rollback";

    private final Flyway flyway;

    public MigrationRunner(Flyway flyway) {
        this.flyway = flyway;
    }

    /** One migration as operators see it; {@code installedOn} and {@code success} are empty until applied. */
    public record Migration(String version, String description, String script, String state, Optional<Instant> installedOn,
            Optional<Integer> checksum, Optional<Boolean> success) {

        static Migration of(MigrationInfo info) {
            return new Migration(info.getVersion() == null ? "" : info.getVersion().getVersion(), info.getDescription(),
                    info.getScript(), info.getState().getDisplayName(),
                    Optional.ofNullable(info.getInstalledOn()).map(java.util.Date::toInstant),
                    Optional.ofNullable(info.getChecksum()),
                    info.getInstalledOn() == null ? Optional.empty() : Optional.of(!info.getState().isFailed()));
        }
    }

    /**
     * @param current newest applied version; empty on an empty database
     * @param pending migrations of this build not applied yet, oldest first
     * @param future applied versions this build does not know (applied by a newer build)
     * @param latestKnown newest version this build ships
     */
    public record Status(Optional<String> current, List<Migration> pending, List<Migration> future, List<Migration> failed,
            Optional<String> latestKnown) {

        public boolean upToDate() {
            return pending.isEmpty() && failed.isEmpty();
        }
    }

    /** Rollback or migration work that could not be done; the message says which version and why. */
    public static class MigrationException extends RuntimeException {
        public MigrationException(String message) {
            super(message);
        }

        public MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Status status() {
        MigrationInfoService info = flyway.info();
        MigrationInfo[] all = info.all();
        List<Migration> pending = Arrays.stream(all).filter(m -> m.getState() == MigrationState.PENDING).map(Migration::of).toList();
        List<Migration> future = Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                || m.getState() == MigrationState.FUTURE_FAILED).map(Migration::of).toList();
        List<Migration> failed = Arrays.stream(all).filter(m -> m.getState().isFailed()).map(Migration::of).toList();
        Optional<String> current = Optional.ofNullable(info.current()).map(m -> m.getVersion().getVersion());
        Optional<String> latestKnown = Arrays.stream(all).filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(MigrationInfo::getVersion).max(Comparator.naturalOrder()).map(MigrationVersion::getVersion);
        return new Status(current, pending, future, failed, latestKnown);
    }

    /** Every migration recorded in the history table, in the order applied. */
    public List<Migration> history() {
        return Arrays.stream(flyway.info().applied()).map(Migration::of).toList();
    }

    /**
     * Applies pending migrations: all of them, up to and including {@code to}, or the next {@code steps}.
     * Each runs in its own transaction; a failing one leaves the schema as it was before it.
     */
    public List<String> up(Optional<String> to, OptionalInt steps) {
        if (to.isPresent() && steps.isPresent()) {
            throw new MigrationException("Give either a version or a number of steps, not both");
        }
        Optional<MigrationVersion> target = to.map(MigrationVersion::fromVersion);
        if (steps.isPresent()) {
            List<MigrationInfo> pending = Arrays.stream(flyway.info().pending()).filter(MigrationInfo::isVersioned).toList();
            if (pending.isEmpty()) {
                return List.of();
            }
            target = Optional.of(pending.get(Math.min(steps.getAsInt(), pending.size()) - 1).getVersion());
        }
        Flyway runner = target.map(version -> Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration()).target(version).load()).orElse(flyway);
        try {
            MigrateResult result = runner.migrate();
            return result.migrations.stream().map(m -> m.version).toList();
        } catch (RuntimeException e) {
            throw new MigrationException("Migration failed; a migration that had started was rolled back: " + e.getMessage(), e);
        }
    }

    /**
     * Rolls back applied migrations newest first: the last {@code steps} of them, or all above {@code to}
     * ("base" for every one). Each down script runs in one transaction with the removal of its history
     * row, so a failure leaves that version applied and the next {@code up} does not re-run it.
     * @return the versions rolled back, newest first
     */
    public List<String> down(Optional<String> to, OptionalInt steps) {
        List<MigrationInfo> toRollBack = rollbackPlan(to, steps);
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
    public List<String> plannedRollback(Optional<String> to, OptionalInt steps) {
        return rollbackPlan(to, steps).stream().map(m -> m.getVersion().getVersion()).toList();
    }

    private List<MigrationInfo> rollbackPlan(Optional<String> to, OptionalInt steps) {
        List<MigrationInfo> applied = Arrays.stream(flyway.info().applied())
                .filter(m -> m.isVersioned() && m.getState().isApplied() && !m.getState().isFailed())
                .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                .toList();
        List<MigrationInfo> toRollBack;
        if (steps.isPresent()) {
            toRollBack = applied.subList(0, Math.min(steps.getAsInt(), applied.size()));
        } else {
            String target = to.orElseThrow(() -> new MigrationException("Say how far to roll back: a number of steps or a version"));
            Optional<MigrationVersion> floor = target.equalsIgnoreCase("base") ? Optional.empty()
                    : Optional.of(MigrationVersion.fromVersion(target));
            if (floor.isPresent() && applied.stream().noneMatch(m -> m.getVersion().equals(floor.get()))) {
                throw new MigrationException("Version " + target + " is not applied; nothing to roll back to");
            }
            toRollBack = applied.stream().filter(m -> floor.map(f -> m.getVersion().compareTo(f) > 0).orElse(true)).toList();
        }
        return toRollBack;
    }

    /**
     * Everything that would stop a migration or a rollback: Flyway's own validation (checksum drift,
     * applied migrations missing from this build, pending ones older than the newest applied) and up
     * migrations without a down script.
     */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        // Pending migrations are work to do, not a problem; future ones follow the configured patterns.
        List<String> patterns = new ArrayList<>(Arrays.stream(flyway.getConfiguration().getIgnoreMigrationPatterns())
                .map(Object::toString).toList());
        patterns.add("*:pending");
        Flyway validator = Flyway.configure(flyway.getConfiguration().getClassLoader()).configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns(patterns.toArray(String[]::new)).load();
        try {
            validator.validateWithResult().invalidMigrations.forEach(invalid -> problems.add(
                    "V" + invalid.version + " " + invalid.description + ": " + invalid.errorDetails.errorMessage.lines().findFirst().orElse("")));
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        problems.addAll(missingDownScripts());
        return problems;
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
