package academy.datadetective.seed;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 400: clearing deletes every account and all learning data, so it needs a deliberate confirmation. */
public class ClearNotConfirmedException extends ApiException {

    public ClearNotConfirmedException() {
        super(Response.Status.BAD_REQUEST, "Clearing deletes ALL data (accounts, progress, datasets, tokens);"
                + " confirm with confirm=" + SeedResource.CLEAR_CONFIRMATION);
    }
}
