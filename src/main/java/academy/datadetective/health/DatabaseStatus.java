package academy.datadetective.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import academy.datadetective.migration.MigrationRunner;
import academy.datadetective.migration.MigrationService;

/** Whether the database answers and its schema is at the version this build expects. */
@ApplicationScoped
public class DatabaseStatus {

    private final MigrationService migrations;

    DatabaseStatus(MigrationService migrations) {
        this.migrations = migrations;
    }

    /**
     * @param schemaVersion the newest applied migration, empty on an empty database or when unreachable
     * @param pendingMigrations migrations of this build not yet applied
     * @param failedMigrations applied migrations recorded as failed
     */
    public record Snapshot(boolean reachable, Optional<String> schemaVersion, int pendingMigrations, int failedMigrations) {

        /** Migrations newer than this build (applied by a newer instance) do not make this one unready. */
        public boolean ready() {
            return reachable && pendingMigrations == 0 && failedMigrations == 0;
        }
    }

    public Snapshot check() {
        try {
            MigrationRunner.Status status = migrations.status();
            return new Snapshot(true, status.current(), status.pending().size(), status.failed().size());
        } catch (RuntimeException e) {
            Log.debugf("Database status check failed: %s", e.getMessage());
            return new Snapshot(false, Optional.empty(), 0, 0);
        }
    }
}
