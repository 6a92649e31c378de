package academy.datadetective.dataset;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * How many teachers' queries run at once, in all and per teacher. A query over either limit is refused at
 * once (429) rather than queued: a queue would hold request threads, and a teacher retrying a slow query
 * would only lengthen it.
 */
@ApplicationScoped
class SandboxGate {

    private final Semaphore all;
    private final int perTeacher;
    private final ConcurrentHashMap<Long, Integer> running = new ConcurrentHashMap<>();

    SandboxGate(DatasetConfig config) {
        this.all = new Semaphore(config.queryMaxConcurrent());
        this.perTeacher = config.queryMaxConcurrentPerTeacher();
    }

    /** Held while one query runs; closing it lets the next one in. */
    interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    /** @throws DatasetQueryBusyException when the teacher, or the instance, already runs as many queries as allowed */
    Pass enter(long teacherId) {
        boolean[] admitted = { false };
        running.compute(teacherId, (teacher, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < perTeacher;
            return admitted[0] ? current + 1 : count;
        });
        if (!admitted[0]) {
            throw new DatasetQueryBusyException("you already have " + perTeacher + " queries running");
        }
        if (!all.tryAcquire()) {
            leave(teacherId);
            throw new DatasetQueryBusyException("the service is running as many queries as it allows");
        }
        return () -> {
            all.release();
            leave(teacherId);
        };
    }

    private void leave(long teacherId) {
        running.computeIfPresent(teacherId, (teacher, count) -> count == 1 ? null : count - 1);
    }
}
