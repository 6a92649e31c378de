package academy.datadetective.auth;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

import academy.datadetective.common.ClusterJobs;

/** Removes refresh tokens, reset tokens and throttling windows that can no longer serve anything. */
@ApplicationScoped
public class TokenCleanupJob {

    static final String JOB = "token-cleanup";

    private final ClusterJobs jobs;
    private final TokenService tokens;
    private final LoginThrottle throttle;

    TokenCleanupJob(ClusterJobs jobs, TokenService tokens, LoginThrottle throttle) {
        this.jobs = jobs;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    @Scheduled(identity = JOB, cron = "${academy.auth.token-cleanup-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        run();
    }

    /** @return whether this replica did the clean-up (another may hold the lock) */
    public boolean run() {
        return jobs.runOnce(JOB, () -> {
            long refresh = tokens.deleteExpiredAndRevoked();
            long reset = PasswordResetToken.delete("expiresAt < ?1 or usedAt is not null", Instant.now());
            int windows = throttle.deleteExpiredWindows();
            return "deleted " + refresh + " refresh tokens, " + reset + " reset tokens, " + windows + " throttling windows";
        });
    }
}
