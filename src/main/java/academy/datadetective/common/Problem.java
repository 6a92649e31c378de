package academy.datadetective.common;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error body in the RFC 9457 shape ({@code application/problem+json}). {@code detail} carries the
 * original service's message text, so clients that read {@code detail} keep working.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA_TYPE_VALUE = MediaType.valueOf(MEDIA_TYPE);

    /** Problems that need no type of their own use the status as their type (RFC 9457 §4.2.1). */
    public static final String UNTYPED = "about:blank";

    /** One rejected input: a body field (dotted path), query or path parameter, and why. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(Response.StatusType status, String detail, String instance) {
        return new Problem(UNTYPED, status.getReasonPhrase(), status.getStatusCode(), detail, instance, List.of());
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE_VALUE).entity(this);
    }
}
