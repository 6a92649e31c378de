package academy.datadetective.auth;

import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 429: this account or client address failed too often in the current window. */
public class TooManyLoginAttemptsException extends ApiException {

    private final Duration retryAfter;

    public TooManyLoginAttemptsException(Duration retryAfter) {
        super(Response.Status.TOO_MANY_REQUESTS, "Too many failed login attempts; try again later");
        this.retryAfter = retryAfter;
    }

    @Override
    public Map<String, String> headers() {
        // Retry-After is whole seconds; round up so a client that obeys it is not refused again.
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return Map.of("Retry-After", Long.toString(seconds));
    }
}
