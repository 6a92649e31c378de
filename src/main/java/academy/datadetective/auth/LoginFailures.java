package academy.datadetective.auth;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * {@code academy_auth_login_failures_total{reason}}: refused logins, for the dashboard (a guessing campaign shows
 * as a climb of one reason). Tagged with the reason only, never the email or the address, so that the series stay
 * few and the metrics name nobody.
 */
@ApplicationScoped
// Created at startup, so that every reason reports 0 before its first failure (rate() needs a series to start from).
@Startup
class LoginFailures {

    enum Reason {
        /** An active account, and a password that is not its own. */
        WRONG_PASSWORD,
        /** No active account has the email (none at all, or a deactivated one: the answer is the same 401). */
        UNKNOWN_ACCOUNT,
        /** Refused with 429 before any password was checked (LoginThrottle). */
        THROTTLED
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    LoginFailures(MeterRegistry registry) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("academy.auth.login.failures")
                    .description("Refused logins by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    void count(Reason reason) {
        counters.get(reason).increment();
    }
}
