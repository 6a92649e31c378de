package academy.datadetective.progress;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.scheduler.Scheduled;

import academy.datadetective.common.Sql;

/**
 * Folds the per-session counter rows of the statistics (V10: each database session counts submissions in
 * rows of its own, so that no two submissions queue on one row) into one row per challenge, week and total.
 * The reads sum the slots and are exact whether or not a fold ran; folding only keeps those sums short.
 * One replica at a time (an advisory lock); the fold skips rows that a transaction is still counting in and
 * gives up on a table that a restore holds rather than wait for it.
 */
@ApplicationScoped
public class CounterFolding {

    private static final String LOCK = "academy:counter-folding";

    private final EntityManager entityManager;

    CounterFolding(EntityManager entityManager, ProgressConfig config) {
        this.entityManager = entityManager;
        // the scheduler reads the interval itself; a zero or negative one would quietly never fold
        if (config.counterFoldInterval().isNegative() || config.counterFoldInterval().isZero()) {
            throw new ConfigurationException("COUNTER_FOLD_INTERVAL must be positive, not " + config.counterFoldInterval());
        }
    }

    @Scheduled(every = "{academy.progress.counter-fold-interval}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            fold();
        } catch (RuntimeException e) {
            Log.warnf("Folding the statistics' counters failed, to be tried again: %s", e.getMessage());
        }
    }

    /** @return how many per-session rows were folded, or empty when another replica is folding */
    @Transactional
    public OptionalLong fold() {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            if (!Sql.tryLock(connection, LOCK)) {
                return OptionalLong.empty();
            }
            Sql.execute(connection, "SET LOCAL lock_timeout = '2s'");
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT fold_counter_slots()")) {
                row.next();
                long folded = row.getLong(1);
                Log.debugf("Folded %d counter rows", folded);
                return OptionalLong.of(folded);
            }
        });
    }
}
