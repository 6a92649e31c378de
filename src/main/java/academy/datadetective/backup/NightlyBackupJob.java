package academy.datadetective.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * The nightly backup, taken by exactly one replica: each replica's scheduler fires, the first to claim
 * the scheduled time in job_runs takes the backup, the others find the claim and stand down. The
 * backup's own advisory lock stops a manual backup from running beside it.
 */
@ApplicationScoped
public class NightlyBackupJob {

    static final String JOB = "nightly-backup";

    private final BackupService backups;
    private final DataSource dataSource;

    NightlyBackupJob(BackupService backups, DataSource dataSource) {
        this.backups = backups;
        this.dataSource = dataSource;
    }

    @Scheduled(identity = JOB, cron = "{academy.backup.cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        run(execution.getScheduledFireTime());
    }

    /** @return whether this replica took the backup */
    boolean run(Instant scheduledFor) {
        Instant slot = scheduledFor.truncatedTo(ChronoUnit.SECONDS);
        Long claim = claim(slot);
        if (claim == null) {
            Log.debugf("Nightly backup for %s is taken by another replica", slot);
            return false;
        }
        try {
            BackupService.BackupInfo backup = backups.backup();
            finish(claim, "succeeded", backup.name() + ", " + backup.size() + " bytes");
            return true;
        } catch (RuntimeException e) {
            finish(claim, "failed", e.getMessage());
            Log.errorf("Nightly backup for %s failed: %s", slot, e.getMessage());
            return false;
        }
    }

    private Long claim(Instant slot) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO job_runs (job, scheduled_for, outcome) VALUES (?, ?, 'running')
                        ON CONFLICT (job, scheduled_for) WHERE scheduled_for IS NOT NULL DO NOTHING
                        RETURNING id""")) {
            insert.setString(1, JOB);
            insert.setObject(2, OffsetDateTime.ofInstant(slot, ZoneOffset.UTC));
            try (ResultSet row = insert.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim the nightly backup: " + e.getMessage(), e);
        }
    }

    private void finish(long claim, String outcome, String detail) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE job_runs SET outcome = ?, detail = left(?, 1000), finished_at = clock_timestamp() WHERE id = ?")) {
            update.setString(1, outcome);
            update.setString(2, detail);
            update.setLong(3, claim);
            update.executeUpdate();
        } catch (SQLException e) {
            Log.errorf("Cannot record the nightly backup's outcome: %s", e.getMessage());
        }
    }
}
