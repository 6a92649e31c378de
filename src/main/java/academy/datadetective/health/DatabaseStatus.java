package academy.datadetective.health;

import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

import io.quarkus.logging.Log;

/** Whether the database answers and its schema is at the version this build expects. */
@ApplicationScoped
public class DatabaseStatus {

    private final Flyway flyway;

    DatabaseStatus(Flyway flyway) {
        this.flyway = flyway;
    }

    /**
     * @param schemaVersion the newest applied migration, empty on an empty database or when unreachable
     * @param pendingMigrations migrations of this build not yet applied
     * @param failedMigrations applied migrations recorded as failed
     */
    public record Snapshot(boolean reachable, Optional<String> schemaVersion, int pendingMigrations, int failedMigrations) {

        public boolean ready() {
            return reachable && pendingMigrations == 0 && failedMigrations == 0;
        }
    }

    public Snapshot check() {
        try {
            MigrationInfoService info = flyway.info();
            MigrationInfo[] all = info.all();
            long failed = Arrays.stream(all).filter(m -> m.getState().isFailed()).count();
            // Migrations newer than this build (FUTURE) come from a newer instance and do not make this one unready.
            long pending = Arrays.stream(all).filter(m -> m.getState() == MigrationState.PENDING).count();
            Optional<String> current = Optional.ofNullable(info.current()).map(m -> m.getVersion().getVersion());
            return new Snapshot(true, current, (int) pending, (int) failed);
        } catch (RuntimeException e) {
            Log.debugf("Database status check failed: %s", e.getMessage());
            return new Snapshot(false, Optional.empty(), 0, 0);
        }
    }
}
