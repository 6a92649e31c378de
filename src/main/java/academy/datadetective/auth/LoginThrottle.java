package academy.datadetective.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Counts failed logins per account and per client address in PostgreSQL, so that every replica sees
 * the same counts. A fixed window: the failure that reaches the limit blocks the subject until its
 * window ends.
 */
@ApplicationScoped
public class LoginThrottle {

    static final String ACCOUNT = "account";
    static final String ADDRESS = "ip";

    private final EntityManager entityManager;
    private final AuthConfig.Throttle config;

    LoginThrottle(EntityManager entityManager, AuthConfig config) {
        this.entityManager = entityManager;
        this.config = config.throttle();
    }

    /** @throws TooManyLoginAttemptsException while the account or the address is blocked */
    @Transactional
    public void checkAllowed(String email, String address) {
        @SuppressWarnings("unchecked")
        List<Instant> blockedUntil = entityManager.createNativeQuery("""
                SELECT blocked_until FROM login_throttle
                WHERE ((scope = 'account' AND subject = :email) OR (scope = 'ip' AND subject = :address))
                  AND blocked_until > now()
                ORDER BY blocked_until DESC LIMIT 1""", Instant.class)
                .setParameter("email", email)
                .setParameter("address", address)
                .getResultList();
        if (!blockedUntil.isEmpty()) {
            throw new TooManyLoginAttemptsException(Duration.between(Instant.now(), blockedUntil.get(0)));
        }
    }

    /** Counts one failure against both subjects; the one that reaches its limit is blocked to the end of its window. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordFailure(String email, String address) {
        count(ACCOUNT, email, config.maxFailuresPerAccount());
        count(ADDRESS, address, config.maxFailuresPerIp());
    }

    /** A successful login clears the account's count; the address keeps its own, so guessing across accounts stays limited. */
    @Transactional
    public void recordSuccess(String email) {
        entityManager.createNativeQuery("DELETE FROM login_throttle WHERE scope = 'account' AND subject = :email")
                .setParameter("email", email)
                .executeUpdate();
    }

    /** Rows whose window ended are history; the token clean-up job removes them too. */
    @Transactional
    public int deleteExpiredWindows() {
        return entityManager.createNativeQuery("""
                DELETE FROM login_throttle
                WHERE window_start < now() - make_interval(secs => :window)
                  AND (blocked_until IS NULL OR blocked_until < now())""")
                .setParameter("window", config.window().toSeconds())
                .executeUpdate();
    }

    private void count(String scope, String subject, int limit) {
        // One statement, so that concurrent failures on several replicas are all counted.
        entityManager.createNativeQuery("""
                INSERT INTO login_throttle AS t (scope, subject, failures, window_start, blocked_until)
                VALUES (:scope, :subject, 1, now(), CASE WHEN :limit <= 1 THEN now() + make_interval(secs => :window) END)
                ON CONFLICT (scope, subject) DO UPDATE SET
                    failures = CASE WHEN t.window_start <= now() - make_interval(secs => :window) THEN 1 ELSE t.failures + 1 END,
                    window_start = CASE WHEN t.window_start <= now() - make_interval(secs => :window) THEN now() ELSE t.window_start END,
                    blocked_until = CASE
                        WHEN t.window_start <= now() - make_interval(secs => :window)
                            THEN CASE WHEN :limit <= 1 THEN now() + make_interval(secs => :window) END
                        WHEN t.failures + 1 >= :limit THEN t.window_start + make_interval(secs => :window)
                        ELSE t.blocked_until
                    END""")
                .setParameter("scope", scope)
                .setParameter("subject", subject)
                .setParameter("limit", limit)
                .setParameter("window", config.window().toSeconds())
                .executeUpdate();
    }
}
