package academy.datadetective.common;

import java.util.Map;

import jakarta.ws.rs.core.Response;

/**
 * A business rule said no. Features throw subclasses named after the rule; the message is what the
 * client reads as the problem's {@code detail}, so it must never carry secrets or SQL.
 */
public abstract class ApiException extends RuntimeException {

    private final Response.Status status;

    protected ApiException(Response.Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public Response.Status status() {
        return status;
    }

    /** Headers the answer needs besides the problem body (WWW-Authenticate, Retry-After). */
    public Map<String, String> headers() {
        return Map.of();
    }
}
