package academy.datadetective.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.HealthGroup;

/**
 * Whether a recent backup exists, for alerting: in its own group (/q/health/group/backups), never in readiness or
 * liveness, since an old backup is no reason to stop traffic or restart a pod. A backup counts once it is in
 * every destination: one whose upload failed is a failed backup here too.
 */
@HealthGroup("backups")
@ApplicationScoped
public class BackupAgeCheck implements HealthCheck {

    private final BackupCatalogue catalogue;
    private final BackupConfig config;

    BackupAgeCheck(BackupCatalogue catalogue, BackupConfig config) {
        this.catalogue = catalogue;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("backup-age").withData("maxAge", config.maxAge().toString());
        Optional<BackupInfo> newest = catalogue.newestComplete();
        if (newest.isEmpty()) {
            return response.down().withData("newest", "none").build();
        }
        Duration age = Duration.between(newest.get().createdAt(), Instant.now());
        return response.status(age.compareTo(config.maxAge()) <= 0).withData("newest", newest.get().name())
                .withData("ageSeconds", age.toSeconds()).build();
    }
}
