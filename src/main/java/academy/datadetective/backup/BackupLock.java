package academy.datadetective.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import academy.datadetective.common.Sql;

/**
 * One backup, restore or upload check per database at a time: the in-process lock, and the database's advisory
 * lock for other replicas and operator commands. The advisory lock lives in a transaction of its own connection,
 * so that it ends with that transaction whatever happens, never lingering in the pool.
 */
@ApplicationScoped
class BackupLock {

    private static final String ADVISORY_LOCK = "academy:backup";

    private final DataSource dataSource;
    private final RestoreGate gate;
    private final ReentrantLock inProcess = new ReentrantLock();

    BackupLock(DataSource dataSource, RestoreGate gate) {
        this.dataSource = dataSource;
        this.gate = gate;
    }

    /** @throws BackupInProgressException when another one runs, here or on another replica */
    <T> T exclusively(Supplier<T> work) {
        return holding(false, work);
    }

    /**
     * The same for a restore, which also holds the restore lock, so that every replica answers 503 while it runs
     * ({@link RestoreGate}).
     */
    <T> T exclusivelyRestoring(Supplier<T> work) {
        return holding(true, work);
    }

    private <T> T holding(boolean restoring, Supplier<T> work) {
        if (!inProcess.tryLock()) {
            throw new BackupInProgressException();
        }
        try {
            try (Connection lock = dataSource.getConnection()) {
                lock.setAutoCommit(false);
                try {
                    if (!Sql.tryLock(lock, ADVISORY_LOCK)) {
                        throw new BackupInProgressException();
                    }
                    if (restoring) {
                        // Waits out a replica's look at the restore lock, which holds it shared for one statement.
                        Sql.lock(lock, RestoreGate.RESTORE_LOCK);
                        gate.restoreStarting();
                    }
                    return work.get();
                } finally {
                    lock.rollback();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot take the backup lock: " + e.getMessage(), e);
            } finally {
                if (restoring) {
                    // After the rollback released the restore lock, so that no replica, this one included, still sees it.
                    gate.restoreEnded();
                }
            }
        } finally {
            inProcess.unlock();
        }
    }
}
