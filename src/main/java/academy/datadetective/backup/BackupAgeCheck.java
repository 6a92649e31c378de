package academy.datadetective.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.HealthGroup;

/**
 * Whether a recent backup exists, for alerting: in its own group (/q/health/group/backups), never in
 * readiness or liveness, since an old backup is no reason to stop traffic or restart a pod.
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
        // An uploaded backup says nothing about whether this service backs itself up.
        List<BackupInfo> newest = catalogue.list().stream().filter(backup -> !backup.uploaded()).limit(1).toList();
        if (newest.isEmpty()) {
            return response.down().withData("newest", "none").build();
        }
        Instant takenAt = newest.get(0).createdAt();
        Duration age = Duration.between(takenAt, Instant.now());
        return response.status(age.compareTo(config.maxAge()) <= 0).withData("newest", newest.get(0).name())
                .withData("ageSeconds", age.toSeconds()).build();
    }
}
