package academy.datadetective.backup;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.HealthGroup;

/**
 * Whether a restore drill succeeded recently, on any replica ({@link RestoreDrill}): a backup nobody has restored
 * is a hope, not a backup. In the backups group beside the backup's age, with the last verification's time.
 */
@HealthGroup("backups")
@ApplicationScoped
public class BackupDrillCheck implements HealthCheck {

    private final BackupMetrics metrics;
    private final BackupConfig config;

    BackupDrillCheck(BackupMetrics metrics, BackupConfig config) {
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Instant lastDrill = metrics.lastDrillSuccess();
        Duration age = Duration.between(lastDrill, Instant.now());
        return HealthCheckResponse.named("restore-drill")
                .status(lastDrill.getEpochSecond() > 0 && age.compareTo(config.drillMaxAge()) <= 0)
                .withData("maxAge", config.drillMaxAge().toString())
                .withData("lastSuccess", orNever(lastDrill))
                .withData("lastVerified", orNever(metrics.lastVerified()))
                .build();
    }

    /** The metrics' zero time stands for never. */
    private static String orNever(Instant time) {
        return time.getEpochSecond() > 0 ? time.toString() : "never";
    }
}
