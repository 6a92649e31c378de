package academy.datadetective.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

import academy.datadetective.common.ClusterJobs;

/**
 * The backups' metrics (README "Backup and restore"). Each replica reports the cluster's last backup (the newest
 * kept in every destination), verification and restore drill (from job_runs, where every replica and operator
 * command records them), so that a restarted pod does not report zero until its own next run. Failures are
 * counted where they happen.
 */
@ApplicationScoped
// Created at startup, so that the metrics exist before the first backup.
@Startup
class BackupMetrics {

    static final String VERIFY_JOB = "backup-verify";
    static final String DRILL_JOB = "restore-drill";

    private final ClusterJobs jobs;
    private final BackupCatalogue catalogue;
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private final AtomicLong lastDurationMillis = new AtomicLong();
    private final AtomicLong lastSizeBytes = new AtomicLong();
    private final AtomicLong lastVerifiedEpochSeconds = new AtomicLong();
    private final AtomicLong lastDrillSuccessEpochSeconds = new AtomicLong();
    private final AtomicLong lastDrillDurationMillis = new AtomicLong();
    private final Counter failures;
    private final Counter offsiteFailures;
    private final Counter drillFailures;

    BackupMetrics(MeterRegistry registry, ClusterJobs jobs, BackupCatalogue catalogue) {
        this.jobs = jobs;
        this.catalogue = catalogue;
        registry.gauge("academy.backup.last.success.timestamp.seconds", lastSuccessEpochSeconds);
        registry.gauge("academy.backup.last.duration.seconds", lastDurationMillis, millis -> millis.get() / 1000.0);
        registry.gauge("academy.backup.last.size.bytes", lastSizeBytes);
        registry.gauge("academy.backup.last.verified.timestamp.seconds", lastVerifiedEpochSeconds);
        registry.gauge("academy.backup.last.drill.success.timestamp.seconds", lastDrillSuccessEpochSeconds);
        registry.gauge("academy.backup.last.drill.duration.seconds", lastDrillDurationMillis, millis -> millis.get() / 1000.0);
        this.failures = registry.counter("academy.backup.failures");
        this.offsiteFailures = registry.counter("academy.backup.offsite.failures");
        this.drillFailures = registry.counter("academy.backup.drill.failures");
    }

    /** What any replica recorded; a database that cannot be read leaves the last values as they are. */
    @Scheduled(every = "60s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            catalogue.newestComplete().ifPresent(backup -> lastSuccessEpochSeconds.accumulateAndGet(backup.createdAt().getEpochSecond(), Math::max));
            jobs.lastSucceeded(List.of(VERIFY_JOB))
                    .ifPresent(run -> lastVerifiedEpochSeconds.accumulateAndGet(run.finishedAt().getEpochSecond(), Math::max));
            jobs.lastSucceeded(List.of(DRILL_JOB)).ifPresent(run -> {
                if (run.finishedAt().getEpochSecond() > lastDrillSuccessEpochSeconds.get()) {
                    lastDrillSuccessEpochSeconds.set(run.finishedAt().getEpochSecond());
                    lastDrillDurationMillis.set(Duration.between(run.startedAt(), run.finishedAt()).toMillis());
                }
            });
        } catch (RuntimeException e) {
            Log.debugf("Cannot read the backups and their runs: %s", e.getMessage());
        }
    }

    void succeeded(long sizeBytes, long durationMillis) {
        lastDurationMillis.set(durationMillis);
        lastSizeBytes.set(sizeBytes);
        lastSuccessEpochSeconds.set(Instant.now().getEpochSecond());
    }

    void failed() {
        failures.increment();
    }

    void offsiteFailed() {
        offsiteFailures.increment();
    }

    void verified() {
        lastVerifiedEpochSeconds.set(Instant.now().getEpochSecond());
    }

    void drillSucceeded(long durationMillis) {
        lastDrillDurationMillis.set(durationMillis);
        lastDrillSuccessEpochSeconds.set(Instant.now().getEpochSecond());
    }

    void drillFailed() {
        drillFailures.increment();
    }

    Instant lastDrillSuccess() {
        return Instant.ofEpochSecond(lastDrillSuccessEpochSeconds.get());
    }

    Instant lastVerified() {
        return Instant.ofEpochSecond(lastVerifiedEpochSeconds.get());
    }
}
