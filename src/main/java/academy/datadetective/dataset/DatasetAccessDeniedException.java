package academy.datadetective.dataset;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 403: datasets are their teacher's own; the original tells a stranger that the dataset exists, and so do we. */
public class DatasetAccessDeniedException extends ApiException {

    DatasetAccessDeniedException() {
        super(Response.Status.FORBIDDEN, "Access denied: you do not own this dataset");
    }
}
