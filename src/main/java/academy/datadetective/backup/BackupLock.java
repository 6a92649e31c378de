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
    private final ReentrantLock inProcess = new ReentrantLock();

    BackupLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @throws BackupInProgressException when another one runs, here or on another replica */
    <T> T exclusively(Supplier<T> work) {
        if (!inProcess.tryLock()) {
            throw new BackupInProgressException();
        }
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try {
                if (!Sql.tryLock(lock, ADVISORY_LOCK)) {
                    throw new BackupInProgressException();
                }
                return work.get();
            } finally {
                lock.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the backup lock: " + e.getMessage(), e);
        } finally {
            inProcess.unlock();
        }
    }
}
