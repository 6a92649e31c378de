package academy.datadetective.dataset;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 400: a teacher's query did not run on its dataset; the detail is PostgreSQL's message, which names only the teacher's own SQL. */
public class DatasetQueryFailedException extends ApiException {

    DatasetQueryFailedException(String reason) {
        super(Response.Status.BAD_REQUEST, "Expected query failed to execute: " + reason);
    }
}
