package academy.datadetective.backup;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

import academy.datadetective.common.ClusterJobs;

/**
 * The nightly backup, taken by exactly one replica: each replica's scheduler fires, the first to claim
 * the scheduled time in job_runs takes the backup, the others find the claim and stand down. The
 * backup's own advisory lock stops a manual backup from running beside it.
 */
@ApplicationScoped
public class NightlyBackupJob {

    static final String JOB = "nightly-backup";

    private final BackupTaker backups;
    private final ClusterJobs jobs;

    NightlyBackupJob(BackupTaker backups, ClusterJobs jobs) {
        this.backups = backups;
        this.jobs = jobs;
    }

    @Scheduled(identity = JOB, cron = "{academy.backup.cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        run(execution.getScheduledFireTime());
    }

    /** @return whether this replica took the backup */
    boolean run(Instant scheduledFor) {
        Instant slot = scheduledFor.truncatedTo(ChronoUnit.SECONDS);
        Optional<Long> claim = jobs.claim(JOB, slot);
        if (claim.isEmpty()) {
            Log.debugf("Nightly backup for %s is taken by another replica", slot);
            return false;
        }
        try {
            BackupInfo backup = backups.backup();
            jobs.finish(claim.get(), "succeeded", backup.name() + ", " + backup.size() + " bytes");
            return true;
        } catch (RuntimeException e) {
            jobs.finish(claim.get(), "failed", e.getMessage());
            Log.errorf("Nightly backup for %s failed: %s", slot, e.getMessage());
            return false;
        }
    }
}
