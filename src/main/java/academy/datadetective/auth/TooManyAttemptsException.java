package academy.datadetective.auth;

import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 429: this account or client address tried too often in the current window (see {@link LoginThrottle}). */
public class TooManyAttemptsException extends ApiException {

    private final Duration retryAfter;

    private TooManyAttemptsException(String detail, Duration retryAfter) {
        super(Response.Status.TOO_MANY_REQUESTS, detail);
        this.retryAfter = retryAfter;
    }

    static TooManyAttemptsException logins(Duration retryAfter) {
        return new TooManyAttemptsException("Too many failed login attempts; try again later", retryAfter);
    }

    static TooManyAttemptsException accountRequests(Duration retryAfter) {
        return new TooManyAttemptsException("Too many account requests from this address; try again later", retryAfter);
    }

    @Override
    public Map<String, String> headers() {
        // Retry-After is whole seconds; round up so a client that obeys it is not refused again.
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return Map.of("Retry-After", Long.toString(seconds));
    }
}
