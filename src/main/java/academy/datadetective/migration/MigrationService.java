package academy.datadetective.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;

import academy.datadetective.common.Sql;

/** The service's own database, migrated and rolled back by operators (CLI and admin API). */
@ApplicationScoped
public class MigrationService {

    /** Replicas starting at once, or an operator's `migrate up` beside them, take turns to look, back up and migrate. */
    private static final String UP_LOCK = "academy:migration-up";

    private final Flyway flyway;
    private final MigrationRunner runner;
    private final MigrationRollback rollback;
    private final Event<RollbackStarting> rollbackStarting;
    private final Event<MigrationStarting> migrationStarting;
    private final boolean migrateAtStart;
    private final AtomicReference<KnownStatus> known = new AtomicReference<>();

    /** A status Flyway computed, and the schema history as it was just before (see {@link #historyMark}). */
    private record KnownStatus(String historyMark, MigrationRunner.Status status) {
    }

    MigrationService(Flyway flyway, Event<RollbackStarting> rollbackStarting, Event<MigrationStarting> migrationStarting,
            MigrationConfig config) {
        this.flyway = flyway;
        this.runner = new MigrationRunner(flyway);
        this.rollback = new MigrationRollback(flyway);
        this.rollbackStarting = rollbackStarting;
        this.migrationStarting = migrationStarting;
        this.migrateAtStart = config.atStart();
    }

    /**
     * Fired before pending migrations are applied to a database that has a schema already, with the schema's version
     * and the versions about to be applied. An observer (the safety backup before migrations) may throw to stop the
     * migration before it starts.
     */
    public record MigrationStarting(String from, List<String> versions) {
    }

    /**
     * Migrations at startup (MIGRATE_AT_START), before anything else starts that reads the schema: here rather than
     * by Quarkus's own migrate-at-start, so that {@link MigrationStarting} is fired for them too. A failure stops the
     * start.
     */
    void migrateAtStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup) {
        if (migrateAtStart) {
            up(Optional.empty(), OptionalInt.empty());
        }
    }

    /**
     * Fired before any down script runs, with the versions about to be rolled back, newest first. An
     * observer (the safety backup, once backups exist) may throw to stop the rollback before it starts.
     */
    public record RollbackStarting(List<String> versions) {
    }

    /** An instance older than its database keeps running on it; operators should know. */
    void reportSchema(@Observes StartupEvent startup) {
        try {
            MigrationRunner.Status status = status();
            if (!status.future().isEmpty()) {
                Log.warnf("The database schema is at version %s, newer than this build's newest migration %s;"
                        + " running on it and ignoring the newer migrations", status.current().orElse("?"),
                        status.latestKnown().orElse("none"));
            } else {
                Log.infof("Database schema version %s", status.current().orElse("none"));
            }
        } catch (RuntimeException e) {
            Log.warnf("Cannot read the schema version at startup: %s", e.getMessage());
        }
    }

    /**
     * Flyway's status, computed again only when the schema history has changed since the last time: every readiness
     * probe asks, and Flyway's answer scans and checksums every migration of the build and reads the history in
     * several queries, where the history's mark is one.
     */
    public MigrationRunner.Status status() {
        String mark = historyMark();
        KnownStatus last = known.get();
        if (last != null && last.historyMark().equals(mark)) {
            return last.status();
        }
        // Marked before it is computed: a change in between makes the next call compute it again.
        MigrationRunner.Status status = runner.status();
        known.set(new KnownStatus(mark, status));
        return status;
    }

    /** What changes whenever a migration is applied, rolled back, repaired or fails; "none" before the first. */
    private String historyMark() {
        Configuration configuration = flyway.getConfiguration();
        String table = (configuration.getDefaultSchema() == null ? "" : Sql.quote(configuration.getDefaultSchema()) + ".")
                + Sql.quote(configuration.getTable());
        try (Connection connection = configuration.getDataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet mark = statement.executeQuery("SELECT count(*) || ':' || coalesce(max(installed_rank), 0) || ':'"
                        + " || coalesce(sum(checksum), 0) || ':' || count(*) FILTER (WHERE NOT success) FROM " + table)) {
            mark.next();
            return mark.getString(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return "none";
            }
            throw new MigrationException("Cannot read the schema history: " + e.getMessage(), e);
        }
    }

    public List<MigrationRunner.Migration> history() {
        return runner.history();
    }

    public List<String> up(Optional<String> to, OptionalInt steps) {
        try (Connection lock = flyway.getConfiguration().getDataSource().getConnection()) {
            lock.setAutoCommit(false);
            try {
                Sql.lock(lock, UP_LOCK);
                // One look at the history serves the plan and the current version: each look is a query and, at
                // every start, one of its costs (issue 21's start profile).
                MigrationInfoService history = flyway.info();
                List<String> planned = runner.planned(history, to, steps);
                Optional<String> current = runner.status(history).current();
                if (!planned.isEmpty() && current.isPresent()) {
                    migrationStarting.fire(new MigrationStarting(current.get(), planned));
                }
                return runner.apply(planned);
            } finally {
                lock.rollback();
            }
        } catch (SQLException e) {
            throw new MigrationException("Cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    public List<String> down(Optional<String> to, OptionalInt steps) {
        rollbackStarting.fire(new RollbackStarting(rollback.planned(to, steps)));
        return rollback.down(to, steps);
    }

    /**
     * Builds another schema of the same database, or moves it forward, to {@code target} with this build's
     * migrations, data migrations included (a restore loads an older backup there, then migrates it).
     */
    public void migrateSchema(String schema, String target) {
        Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration())
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .target(MigrationVersion.fromVersion(target))
                .load()
                .migrate();
    }

    public List<String> validate() {
        return runner.validate();
    }
}
