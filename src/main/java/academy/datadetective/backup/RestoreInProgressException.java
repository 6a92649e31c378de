package academy.datadetective.backup;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 503 with Retry-After on every replica while a restore replaces the data: an answer now, rather than a wait on locked tables. */
public class RestoreInProgressException extends ApiException {

    RestoreInProgressException() {
        super(Response.Status.SERVICE_UNAVAILABLE, "A restore of the database is in progress; try again when it has finished");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "30");
    }
}
