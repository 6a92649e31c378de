package academy.datadetective.auth;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import academy.datadetective.common.NativeRow;

/**
 * Counts login attempts and account requests in PostgreSQL, so that every replica sees the same counts.
 * An attempt is counted before the password is hashed, in the same statement that checks the limits, so
 * that parallel attempts cannot all pass a check made before any of them failed; a successful login gives
 * its attempt back. Subjects:
 * <ul>
 * <li>a client address, and an address with one account: a fixed window; the attempt that reaches the limit
 * blocks that subject to the end of its window. These slow the guesser down, never the account's owner
 * elsewhere.</li>
 * <li>an account from any address: past the limit, each attempt waits out a backoff that doubles up to a
 * short cap, so that a stranger who knows an email cannot lock its owner out for long.</li>
 * <li>an address's registrations and password reset requests and confirms: a fixed window.</li>
 * </ul>
 */
@ApplicationScoped
public class LoginThrottle {

    static final String ACCOUNT = "account";
    static final String ADDRESS = "ip";
    static final String ADDRESS_AND_ACCOUNT = "ip_account";
    static final String ACCOUNT_REQUESTS = "ip_request";

    private static final String WINDOW_ENDED = "t.window_start <= now() - make_interval(secs => :window)";
    private static final String FAILURES = "CASE WHEN " + WINDOW_ENDED + " THEN 1 ELSE t.failures + 1 END";
    private static final String WINDOW_START = "CASE WHEN " + WINDOW_ENDED + " THEN now() ELSE t.window_start END";

    private record Subject(String scope, String subject) {
    }

    private final EntityManager entityManager;
    private final AuthConfig.Throttle config;

    LoginThrottle(EntityManager entityManager, AuthConfig config) {
        this.entityManager = entityManager;
        this.config = config.throttle();
    }

    /** Counts a login attempt against the address, the address with the account, and the account, in that order. */
    @Transactional
    public void countLoginAttempt(String email, String address) {
        count(List.of(new Subject(ADDRESS, address), new Subject(ADDRESS_AND_ACCOUNT, addressAndAccount(email, address)),
                new Subject(ACCOUNT, email)), TooManyAttemptsException::logins);
    }

    /** Counts a registration or password reset request or confirm from the address. */
    @Transactional
    public void countAccountRequest(String address) {
        count(List.of(new Subject(ACCOUNT_REQUESTS, address)), TooManyAttemptsException::accountRequests);
    }

    /**
     * The owner got in: the account's backoff and this address's count for the account start over, and the
     * address gets its attempt back, so that a classroom behind one address is limited by its failures only.
     * The rows are locked in the order {@link #countLoginAttempt} upserts them, so that a concurrent attempt
     * (a double click) waits instead of deadlocking.
     */
    @Transactional
    public void loginSucceeded(String email, String address) {
        entityManager.createNativeQuery("""
                WITH locked AS (
                    SELECT scope, subject FROM login_throttle
                    WHERE (scope = 'ip' AND subject = :address) OR (scope = 'ip_account' AND subject = :pair)
                       OR (scope = 'account' AND subject = :email)
                    ORDER BY CASE scope WHEN 'ip' THEN 0 WHEN 'ip_account' THEN 1 ELSE 2 END
                    FOR UPDATE)
                UPDATE login_throttle t SET
                    failures = CASE WHEN t.scope = 'ip' THEN greatest(t.failures - 1, 0) ELSE 0 END,
                    blocked_until = CASE WHEN t.scope = 'ip' AND t.failures - 1 >= :limit THEN t.blocked_until END
                FROM locked l
                WHERE t.scope = l.scope AND t.subject = l.subject""")
                .setParameter("email", email)
                .setParameter("pair", addressAndAccount(email, address))
                .setParameter("address", address)
                .setParameter("limit", config.maxFailuresPerIp())
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

    /**
     * One statement: refuses when a subject is blocked, counts nothing then (a refused attempt must not extend
     * anyone's block), and otherwise counts the attempt against every subject. The check reads the statement's
     * snapshot; the upsert re-checks each row under its lock (ON CONFLICT ... WHERE), so a concurrent attempt
     * that blocked a row in between refuses this one too. Only in that race can the other subjects keep a count
     * for a refused attempt, which slows its sender, nobody else.
     */
    private void count(List<Subject> subjects, Function<Duration, TooManyAttemptsException> refusal) {
        // blockedUntil(...) is built from constants only; every value is a bound parameter
        NativeRow outcome = NativeRow.single(NativeRow.query(entityManager, """
                WITH subjects (scope, subject) AS (
                    SELECT * FROM unnest(CAST(:scopes AS varchar[]), CAST(:subjects AS varchar[]))
                ), blocked AS (
                    SELECT max(t.blocked_until) AS until
                    FROM login_throttle t JOIN subjects s ON t.scope = s.scope AND t.subject = s.subject
                    WHERE t.blocked_until > now()
                ), counted AS (
                    INSERT INTO login_throttle AS t (scope, subject, failures, window_start, blocked_until)
                    SELECT s.scope, s.subject, 1, now(), %s FROM subjects s
                    WHERE NOT EXISTS (SELECT FROM blocked WHERE until IS NOT NULL)
                    ON CONFLICT (scope, subject) DO UPDATE SET
                        failures = %s,
                        window_start = %s,
                        blocked_until = %s
                    WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM counted) AS counted, (SELECT extract(epoch FROM until - now()) FROM blocked) AS blocked_for"""
                .formatted(blockedUntil("1", "now()", "s.scope"), FAILURES, WINDOW_START, blockedUntil(FAILURES, WINDOW_START, "t.scope")))
                .setParameter("scopes", subjects.stream().map(Subject::scope).toArray(String[]::new))
                .setParameter("subjects", subjects.stream().map(Subject::subject).toArray(String[]::new))
                .setParameter("window", config.window().toSeconds())
                .setParameter("backoff", seconds(config.accountBackoff()))
                .setParameter("backoffMax", seconds(config.accountBackoffMax()))
                .setParameter("ipLimit", config.maxFailuresPerIp())
                .setParameter("accountLimit", config.maxFailuresPerAccount())
                .setParameter("requestLimit", config.maxAccountRequestsPerIp()));
        if (outcome.getLong("counted") < subjects.size()) {
            // No time to report when a concurrent attempt blocked a subject after this statement's snapshot.
            double seconds = outcome.isNull("blocked_for") ? 1 : outcome.getDouble("blocked_for");
            throw refusal.apply(Duration.ofMillis((long) (seconds * 1000)));
        }
    }

    /**
     * The attempt that reaches its subject's limit is let through and blocks the next ones: an address (with or
     * without an account) to the end of its window, an account for a backoff that doubles with each attempt.
     */
    private static String blockedUntil(String failures, String windowStart, String scope) {
        return """
                CASE WHEN %1$s >= CASE %3$s WHEN 'ip' THEN :ipLimit WHEN 'ip_request' THEN :requestLimit ELSE :accountLimit END
                    THEN CASE WHEN %3$s = 'account'
                        THEN now() + make_interval(secs => least(:backoffMax, :backoff * power(2, least(%1$s - :accountLimit, 30))))
                        ELSE %2$s + make_interval(secs => :window)
                    END
                END""".formatted(failures, windowStart, scope);
    }

    private static String addressAndAccount(String email, String address) {
        return address + " " + email;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
