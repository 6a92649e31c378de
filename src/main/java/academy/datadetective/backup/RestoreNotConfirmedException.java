package academy.datadetective.backup;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 400: a restore replaces all data, so it needs a deliberate confirmation. */
public class RestoreNotConfirmedException extends ApiException {

    public RestoreNotConfirmedException() {
        super(Response.Status.BAD_REQUEST, "A restore replaces ALL data (a safety backup is taken first);"
                + " confirm with confirm=" + BackupResource.RESTORE_CONFIRMATION);
    }
}
