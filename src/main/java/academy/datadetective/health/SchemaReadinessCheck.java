package academy.datadetective.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers and every migration of this build has been applied. */
@Readiness
@ApplicationScoped
public class SchemaReadinessCheck implements HealthCheck {

    private final DatabaseStatus databaseStatus;

    SchemaReadinessCheck(DatabaseStatus databaseStatus) {
        this.databaseStatus = databaseStatus;
    }

    @Override
    public HealthCheckResponse call() {
        DatabaseStatus.Snapshot status = databaseStatus.check();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .status(status.ready())
                .withData("reachable", status.reachable());
        if (status.reachable()) {
            response.withData("schemaVersion", status.schemaVersion().orElse("none"))
                    .withData("pendingMigrations", status.pendingMigrations())
                    .withData("failedMigrations", status.failedMigrations());
        }
        return response.build();
    }
}
