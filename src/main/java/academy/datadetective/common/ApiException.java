package academy.datadetective.common;

import java.util.Map;

import jakarta.ws.rs.core.Response;

/**
 * A business rule said no. Features throw subclasses named after the rule; the message is what the
 * client reads as the problem's {@code detail}, so it must never carry secrets or SQL.
 */
public abstract class ApiException extends RuntimeException {

    /** 422, which JAX-RS has no constant for. */
    protected static final Response.StatusType UNPROCESSABLE_CONTENT = new Status(422, Response.Status.Family.CLIENT_ERROR,
            "Unprocessable Content");

    /** 507, which JAX-RS has no constant for either. */
    protected static final Response.StatusType INSUFFICIENT_STORAGE = new Status(507, Response.Status.Family.SERVER_ERROR,
            "Insufficient Storage");

    private record Status(int getStatusCode, Response.Status.Family getFamily, String getReasonPhrase) implements Response.StatusType {
    }

    private final Response.StatusType status;

    protected ApiException(Response.StatusType status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public Response.StatusType status() {
        return status;
    }

    /** Headers the answer needs besides the problem body (WWW-Authenticate, Retry-After). */
    public Map<String, String> headers() {
        return Map.of();
    }
}
