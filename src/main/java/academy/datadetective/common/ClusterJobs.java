package academy.datadetective.common;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;

/**
 * Scheduled work that must happen once per cluster, not once per replica: every replica's scheduler
 * fires, the one that takes the job's advisory lock does the work, the others record a skip. Each run
 * is recorded in job_runs, so that a missed or failed run is visible.
 */
@ApplicationScoped
public class ClusterJobs {

    private final EntityManager entityManager;

    ClusterJobs(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Runs short work inside one transaction that holds the job's lock; the lock ends with it.
     * @param work returns a one-line summary for job_runs.detail
     * @return whether this replica did the work
     */
    @Transactional
    public boolean runOnce(String job, Supplier<String> work) {
        boolean locked = (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext(:job))")
                .setParameter("job", "academy:" + job)
                .getSingleResult();
        if (!locked) {
            record(job, "skipped", "another replica holds the lock");
            return false;
        }
        String detail = work.get();
        record(job, "succeeded", detail);
        Log.infof("Job %s: %s", job, detail);
        return true;
    }

    private void record(String job, String outcome, String detail) {
        entityManager.createNativeQuery("""
                INSERT INTO job_runs (job, started_at, finished_at, outcome, detail)
                VALUES (:job, now(), clock_timestamp(), :outcome, :detail)""")
                .setParameter("job", job)
                .setParameter("outcome", outcome)
                .setParameter("detail", detail)
                .executeUpdate();
    }
}
