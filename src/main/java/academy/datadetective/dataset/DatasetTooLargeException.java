package academy.datadetective.dataset;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 413: the CSV is larger than DATASET_MAX_FILE_SIZE. */
public class DatasetTooLargeException extends ApiException {

    DatasetTooLargeException(long maxBytes) {
        super(Response.Status.REQUEST_ENTITY_TOO_LARGE, "File too large: at most " + maxBytes + " bytes (" + maxBytes / (1024 * 1024)
                + " MiB) are allowed");
    }
}
