package academy.datadetective.common;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.logging.Log;

/**
 * The one place where exceptions become HTTP answers: every error leaves as a {@link Problem}, and no
 * stack trace, SQL or exception text of a library reaches a client.
 */
public class ProblemExceptionMappers {

    static final String VALIDATION_TYPE = "https://datadetective.academy/problems/validation";
    static final String MALFORMED_JSON_TYPE = "https://datadetective.academy/problems/malformed-json";
    private static final String DATABASE_RETRY_AFTER_SECONDS = "5";

    /** Business rules throw these with the message the client should read. */
    @ServerExceptionMapper
    public Response apiException(ApiException exception, UriInfo uri) {
        Response.ResponseBuilder response = Problem.of(exception.status(), exception.getMessage(), uri.getPath()).toResponseBuilder();
        exception.headers().forEach(response::header);
        return response.build();
    }

    /** No credentials at all, on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response notAuthenticated(UnauthorizedException exception, UriInfo uri) {
        return Problem.of(Response.Status.UNAUTHORIZED, "Not authenticated", uri.getPath()).toResponseBuilder()
                .header("WWW-Authenticate", "Bearer").build();
    }

    /** Credentials that do not hold: expired, tampered, wrong issuer or audience, or an account gone. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException exception, UriInfo uri) {
        return Problem.of(Response.Status.UNAUTHORIZED, "Could not validate credentials", uri.getPath()).toResponseBuilder()
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception, UriInfo uri) {
        return Problem.of(Response.Status.FORBIDDEN, "You do not have permission to access this resource", uri.getPath())
                .toResponse();
    }

    /** Framework answers (404 unknown resource, 405, 406, 415, …): the status speaks, the framework's wording does not. */
    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException exception, UriInfo uri) {
        // Quarkus REST wraps a body that Jackson cannot parse in a plain 400.
        if (exception.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable, uri);
        }
        // Quarkus REST reports a path or query value it cannot convert (limit=abc) as a 404 with the cause;
        // for the client it is an invalid input, as the original answered.
        if ((exception instanceof NotFoundException || exception instanceof BadRequestException) && exception.getCause() != null) {
            return new Problem(VALIDATION_TYPE, "Validation failed", 422,
                    "A path, query or header parameter has a value of the wrong type", uri.getPath(), List.of()).toResponse();
        }
        Response.StatusType status = exception.getResponse().getStatusInfo();
        if (status.getFamily() == Response.Status.Family.SERVER_ERROR) {
            return unexpected(exception, uri);
        }
        return Problem.of(status, frameworkDetail(status.getStatusCode()), uri.getPath()).toResponse();
    }

    @ServerExceptionMapper({ ConstraintViolationException.class, ResteasyReactiveViolationException.class })
    public Response constraintViolation(ConstraintViolationException exception, UriInfo uri) {
        if (exception.getConstraintViolations().stream().anyMatch(ProblemExceptionMappers::isReturnValue)) {
            return unexpected(exception, uri);
        }
        List<Problem.FieldError> errors = exception.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(fieldName(violation.getPropertyPath()), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        return validationProblem(uri, errors);
    }

    /** Unreadable JSON, or JSON whose values do not fit the fields (a string where a number belongs). */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response unreadableJson(JsonProcessingException exception, UriInfo uri) {
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping.getPath());
            return validationProblem(uri, List.of(new Problem.FieldError(field, "has a value of the wrong type or format")));
        }
        return new Problem(MALFORMED_JSON_TYPE, "Malformed JSON", 422,
                "The request body is not valid JSON", uri.getPath(), List.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception, UriInfo uri) {
        if (databaseUnavailable(exception)) {
            // Expected during an outage or failover: a short answer the client can retry, not an error report.
            Log.warnf("Database unavailable on %s: %s", uri.getPath(), exception.getMessage());
            return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "The database cannot be reached at the moment; try again shortly",
                    uri.getPath()).toResponseBuilder().header("Retry-After", DATABASE_RETRY_AFTER_SECONDS).build();
        }
        if (textTheDatabaseCannotStore(exception)) {
            return Problem.of(ApiException.UNPROCESSABLE_CONTENT, "Text must not contain NUL characters", uri.getPath()).toResponse();
        }
        if (unreadableMultipart(exception)) {
            return Problem.of(Response.Status.BAD_REQUEST, "The multipart form is malformed or cut off", uri.getPath()).toResponse();
        }
        String errorId = RequestIds.current();
        Log.errorf(exception, "Unexpected error %s on %s", errorId, uri.getPath());
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR,
                "An internal server error occurred (error id " + errorId + ")", uri.getPath()).toResponse();
    }

    /**
     * No connection to PostgreSQL: the pool timed out acquiring one, the driver could not connect (SQL
     * state class 08) or the server is shutting down or starting (57P01–57P03).
     */
    static boolean databaseUnavailable(Throwable exception) {
        return Causes.any(exception, cause -> cause instanceof JDBCConnectionException || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLException sql && (sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))
                        || sql.getMessage() != null && sql.getMessage().startsWith("Acquisition timeout")));
    }

    /**
     * PostgreSQL refused a value its text types cannot hold (SQL state 22021, in practice a NUL from a form
     * field or query parameter; JSON bodies are refused earlier by {@link NoNulInJsonText}). The statement
     * failed, so its transaction is rolled back and nothing was stored.
     */
    static boolean textTheDatabaseCannotStore(Throwable exception) {
        return Causes.any(exception, cause -> cause instanceof SQLException sql
                && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState())));
    }

    /** The multipart parser gave up on a body that is not the form its Content-Type announces. */
    static boolean unreadableMultipart(Throwable exception) {
        return Causes.any(exception, cause -> cause instanceof IOException io && io.getMessage() != null
                && io.getMessage().contains("multipart"));
    }


    private static Response validationProblem(UriInfo uri, List<Problem.FieldError> errors) {
        return new Problem(VALIDATION_TYPE, "Validation failed", 422, "The request has invalid fields",
                uri.getPath(), errors).toResponse();
    }

    static String frameworkDetail(int status) {
        return switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "No representation of this resource matches the Accept header";
            case 415 -> "This content type is not supported here";
            default -> Response.Status.fromStatusCode(status) == null ? "The request was rejected"
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    }

    private static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** "submit.request.query" → "query"; "list.limit" → "limit": the client knows fields, not Java methods. */
    static String fieldName(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean beanParameter = node.getKind() == ElementKind.PARAMETER && i < nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR || beanParameter) {
                continue;
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "request" : field.toString();
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
