package academy.datadetective.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

import academy.datadetective.common.TraceSampler;

/**
 * While a restore replaces the data, every replica answers API requests 503 (with Retry-After) and reports not
 * ready ({@link RestoreReadinessCheck}), instead of letting requests wait on the locked tables for minutes. The restore holds an advisory lock
 * for its whole length ({@link BackupLock#exclusivelyRestoring}); every replica looks for it each second
 * (BACKUP_RESTORE_LOOK_INTERVAL), and the restore waits twice that before it touches the tables, so that all have
 * seen it by then.
 */
@ApplicationScoped
public class RestoreGate {

    static final String RESTORE_LOCK = "academy:restore";
    /** Its identity, the one job TraceSampler starts no trace for: it runs every second or so. */
    static final String LOOK_JOB = TraceSampler.UNTRACED_JOB;

    private final DataSource dataSource;
    /** Long enough for every replica's next look, with a margin for a slow one: twice their interval. */
    private final Duration spread;
    private volatile boolean restoringHere;
    private volatile boolean restoringElsewhere;
    /** When this replica's last restore ended: a look that started before then saw a lock that is gone. */
    private volatile long restoreEndedNanos = System.nanoTime();

    RestoreGate(DataSource dataSource, BackupConfig config) {
        this.dataSource = dataSource;
        this.spread = config.restoreLookInterval().multipliedBy(2);
    }

    boolean restoring() {
        return restoringHere || restoringElsewhere;
    }

    /**
     * Whether any replica or operator command holds the restore lock: a shared attempt fails while it is held
     * exclusively, and in autocommit it ends with its statement.
     */
    @Scheduled(identity = LOOK_JOB, every = "{academy.backup.restore-look-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void look() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_xact_lock_shared(hashtext(?))")) {
            connection.setAutoCommit(true);
            statement.setString(1, RESTORE_LOCK);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                boolean restoring = !row.getBoolean(1);
                if (started - restoreEndedNanos < 0) {
                    return;
                }
                if (restoring != restoringElsewhere) {
                    Log.infof(restoring ? "A restore is in progress: answering 503 until it ends" : "The restore has ended");
                }
                restoringElsewhere = restoring;
            }
        } catch (SQLException e) {
            // The database being away is the readiness check's to report; it says nothing about a restore.
            Log.debugf("Cannot look for a running restore: %s", e.getMessage());
        }
    }

    /** Before routing and before the per-request account check, which would wait on the locked users table. */
    @ServerRequestFilter(preMatching = true, priority = 1)
    public void refuseWhileRestoring(ContainerRequestContext request) {
        if (restoring()) {
            throw new RestoreInProgressException();
        }
    }

    /** This replica's restore starts: it answers 503 at once, and gives the others time to follow. */
    void restoreStarting() {
        restoringHere = true;
        try {
            Thread.sleep(spread.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The restore lock is released: this replica serves again at once, and looks again for another's. */
    void restoreEnded() {
        restoreEndedNanos = System.nanoTime();
        restoringElsewhere = false;
        restoringHere = false;
        look();
    }
}
