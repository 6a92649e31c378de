package academy.datadetective.progress;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** A date that does not exist (422), or a range that ends before it starts (400, the original's message). */
public class InvalidDateRangeException extends ApiException {

    private InvalidDateRangeException(Response.StatusType status, String detail) {
        super(status, detail);
    }

    static InvalidDateRangeException noSuchDate(String parameter, String value) {
        return new InvalidDateRangeException(UNPROCESSABLE_CONTENT, parameter + " is not a date: " + value);
    }

    static InvalidDateRangeException reversed() {
        return new InvalidDateRangeException(Response.Status.BAD_REQUEST, "start_date must be before or equal to end_date");
    }
}
