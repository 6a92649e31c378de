package academy.datadetective.common;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

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
        boolean locked = entityManager.unwrap(Session.class).doReturningWork(connection -> Sql.tryLock(connection, "academy:" + job));
        if (!locked) {
            record(job, "skipped", "another replica holds the lock");
            return false;
        }
        String detail = work.get();
        record(job, "succeeded", detail);
        Log.infof("Job %s: %s", job, detail);
        return true;
    }

    /**
     * Claims one scheduled run of a job that is too long for one transaction (the nightly backup): the
     * claim is its row in job_runs, unique per job and scheduled time, so that replicas whose schedulers
     * fire seconds apart do not each run the job in turn.
     * @return the run to {@link #finish}, or empty when another replica claimed it
     */
    @Transactional
    public Optional<Long> claim(String job, Instant scheduledFor) {
        return entityManager.createNativeQuery("""
                INSERT INTO job_runs (job, scheduled_for, outcome) VALUES (:job, :scheduledFor, 'running')
                ON CONFLICT (job, scheduled_for) WHERE scheduled_for IS NOT NULL DO NOTHING
                RETURNING id""")
                .setParameter("job", job)
                .setParameter("scheduledFor", scheduledFor)
                .getResultStream().findFirst().map(id -> ((Number) id).longValue());
    }

    /** Records how a claimed run ended; the detail is cut to the column's 1000 characters. */
    @Transactional
    public void finish(long run, String outcome, String detail) {
        entityManager.createNativeQuery("""
                UPDATE job_runs SET outcome = :outcome, detail = left(:detail, 1000), finished_at = clock_timestamp()
                WHERE id = :run""")
                .setParameter("outcome", outcome)
                .setParameter("detail", detail)
                .setParameter("run", run)
                .executeUpdate();
    }

    /** Records a run that needed no claim (an operator's backup or verification), so that it counts cluster-wide too. */
    @Transactional
    public void record(String job, Instant startedAt, String outcome, String detail) {
        entityManager.createNativeQuery("""
                INSERT INTO job_runs (job, started_at, finished_at, outcome, detail)
                VALUES (:job, :startedAt, clock_timestamp(), :outcome, left(:detail, 1000))""")
                .setParameter("job", job)
                .setParameter("startedAt", startedAt)
                .setParameter("outcome", outcome)
                .setParameter("detail", detail)
                .executeUpdate();
    }

    /** One finished run, as job_runs keeps it. */
    public record Run(Instant startedAt, Instant finishedAt) {
    }

    /** The newest succeeded run of any of these jobs, on any replica. */
    @Transactional
    public Optional<Run> lastSucceeded(List<String> jobs) {
        return NativeRow.list(NativeRow.query(entityManager, """
                SELECT started_at, finished_at FROM job_runs
                WHERE job IN (:jobs) AND outcome = 'succeeded' AND finished_at IS NOT NULL
                ORDER BY finished_at DESC LIMIT 1""").setParameter("jobs", jobs)).stream()
                .map(row -> new Run(row.getInstant("started_at"), row.getInstant("finished_at"))).findFirst();
    }

    private void record(String job, String outcome, String detail) {
        record(job, Instant.now(), outcome, detail);
    }
}
