package academy.datadetective.backup;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 409: one backup or restore at a time per database; a second would only halve the speed of both. */
public class BackupInProgressException extends ApiException {

    public BackupInProgressException() {
        super(Response.Status.CONFLICT, "A backup or restore of this database is already running; try again when it has finished");
    }
}
