package academy.datadetective.backup;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 422: the file is not a complete, intact backup of this service; nothing was changed. */
public class InvalidBackupException extends ApiException {

    public InvalidBackupException(String reason) {
        super(Response.Status.fromStatusCode(422), "Not a restorable backup: " + reason);
    }
}
