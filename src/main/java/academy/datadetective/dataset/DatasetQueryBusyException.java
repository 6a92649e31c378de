package academy.datadetective.dataset;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 429: a teacher's query was not started because too many are running; nothing was changed. */
public class DatasetQueryBusyException extends ApiException {

    DatasetQueryBusyException(String reason) {
        super(Response.Status.TOO_MANY_REQUESTS, "Too many expected queries running: " + reason + "; try again in a moment");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "1");
    }
}
