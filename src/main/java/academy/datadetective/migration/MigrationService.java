package academy.datadetective.migration;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/** The service's own database, migrated and rolled back by operators (CLI and admin API). */
@ApplicationScoped
public class MigrationService {

    private final Flyway flyway;
    private final MigrationRunner runner;
    private final MigrationRollback rollback;
    private final Event<RollbackStarting> rollbackStarting;

    MigrationService(Flyway flyway, Event<RollbackStarting> rollbackStarting) {
        this.flyway = flyway;
        this.runner = new MigrationRunner(flyway);
        this.rollback = new MigrationRollback(flyway);
        this.rollbackStarting = rollbackStarting;
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
            MigrationRunner.Status status = runner.status();
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

    public MigrationRunner.Status status() {
        return runner.status();
    }

    public List<MigrationRunner.Migration> history() {
        return runner.history();
    }

    public List<String> up(Optional<String> to, OptionalInt steps) {
        return runner.up(to, steps);
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
