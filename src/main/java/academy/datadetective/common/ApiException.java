package academy.datadetective.common;

import java.util.Map;

import jakarta.ws.rs.core.Response;

/**
 * A business rule said no. Features throw subclasses named after the rule; the message is what the
 * client reads as the problem's {@code detail}, so it must never carry secrets or SQL.
 */
public abstract class ApiException extends RuntimeException {

    /** 422, which JAX-RS has no constant for. */
    protected static final Response.StatusType UNPROCESSABLE_CONTENT = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return 422;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Content";
        }
    };

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
