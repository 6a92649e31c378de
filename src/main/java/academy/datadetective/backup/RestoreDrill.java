package academy.datadetective.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

import academy.datadetective.common.ClusterJobs;

/**
 * The scheduled proof that backups restore (BACKUP_DRILL_CRON, weekly by default), by exactly one replica as the
 * nightly backup is: the newest of the service's own backups restored into a scratch schema that the live service
 * never reads ({@link BackupRestore#rehearseHoldingLock}), its rows counted against its header, migrated forward,
 * and dropped. Its offsite copy is the one drilled when there is one: it is the copy that must survive losing the
 * cluster, and the one read least often otherwise.
 */
@ApplicationScoped
public class RestoreDrill {

    private final BackupCatalogue catalogue;
    private final BackupRestore restores;
    private final BackupLock lock;
    private final BackupMetrics metrics;
    private final ClusterJobs jobs;

    RestoreDrill(BackupCatalogue catalogue, BackupRestore restores, BackupLock lock, BackupMetrics metrics, ClusterJobs jobs) {
        this.catalogue = catalogue;
        this.restores = restores;
        this.lock = lock;
        this.metrics = metrics;
        this.jobs = jobs;
    }

    /** How one drill went. */
    public record DrillReport(String name, String location, boolean succeeded, long rows, long durationMillis, Optional<String> problem) {
    }

    @Scheduled(identity = BackupMetrics.DRILL_JOB, cron = "{academy.backup.drill-cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        Instant slot = execution.getScheduledFireTime().truncatedTo(ChronoUnit.SECONDS);
        Optional<Long> claim = jobs.claim(BackupMetrics.DRILL_JOB, slot);
        if (claim.isEmpty()) {
            Log.debugf("The restore drill for %s is run by another replica", slot);
            return;
        }
        DrillReport report = run();
        jobs.finish(claim.get(), report.succeeded() ? "succeeded" : "failed", report.problem()
                .orElse(report.name() + " from " + report.location() + ": " + report.rows() + " rows in " + report.durationMillis() + " ms"));
    }

    /** One drill now, on this replica; a failure is reported, never thrown (the drill's job is to find it). */
    public DrillReport run() {
        long started = System.nanoTime();
        Optional<BackupInfo> newest = catalogue.list().stream().filter(backup -> !backup.uploaded()).findFirst();
        if (newest.isEmpty()) {
            metrics.drillFailed();
            return new DrillReport("", "", false, 0, 0, Optional.of("there is no backup to drill"));
        }
        BackupName name = BackupCatalogue.name(newest.get().name());
        BackupCatalogue.Located copy = catalogue.copies(name).stream()
                .max(Comparator.comparing(located -> located.store() instanceof DirectoryBackupStore ? 0 : 1)).orElseThrow();
        String location = copy.store().location();
        try {
            BackupRestore.Rehearsal rehearsal = lock.exclusively(() -> restores.rehearseHoldingLock(name, copy));
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            long rows = rehearsal.loaded().values().stream().mapToLong(Long::longValue).sum();
            if (!rehearsal.loaded().equals(rehearsal.expected())) {
                metrics.drillFailed();
                String problem = "its tables held " + rehearsal.loaded() + " after loading, but its header counts " + rehearsal.expected();
                Log.errorf("Restore drill of %s from %s failed: %s", name, location, problem);
                return new DrillReport(name.value(), location, false, rows, millis, Optional.of(problem));
            }
            metrics.drillSucceeded(millis);
            Log.infof("Restore drill of %s from %s: %d rows restored into a scratch schema and counted in %d ms", name, location, rows, millis);
            return new DrillReport(name.value(), location, true, rows, millis, Optional.empty());
        } catch (RuntimeException e) {
            metrics.drillFailed();
            Log.errorf("Restore drill of %s from %s failed: %s", name, location, e.getMessage());
            return new DrillReport(name.value(), location, false, 0, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    Optional.of(e.getMessage()));
        }
    }
}
