package academy.datadetective.dataset;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 400: the uploaded CSV breaks an upload rule; nothing was stored. */
public class InvalidDatasetException extends ApiException {

    public InvalidDatasetException(String detail) {
        super(Response.Status.BAD_REQUEST, detail);
    }
}
