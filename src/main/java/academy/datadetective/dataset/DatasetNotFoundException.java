package academy.datadetective.dataset;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

public class DatasetNotFoundException extends ApiException {

    DatasetNotFoundException() {
        super(Response.Status.NOT_FOUND, "Dataset not found");
    }
}
