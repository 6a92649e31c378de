package academy.datadetective.challenge;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 400: a custom challenge's expected query breaks one of the rules of {@link TeacherQueryCheck}. */
public class InvalidTeacherQueryException extends ApiException {

    InvalidTeacherQueryException(String detail) {
        super(Response.Status.BAD_REQUEST, detail);
    }
}
