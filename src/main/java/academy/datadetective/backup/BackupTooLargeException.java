package academy.datadetective.backup;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 413: an uploaded backup beyond BACKUP_UPLOAD_MAX_SIZE; what was received is deleted. */
public class BackupTooLargeException extends ApiException {

    public BackupTooLargeException(long limit) {
        super(Response.Status.REQUEST_ENTITY_TOO_LARGE, "The upload exceeds " + limit + " bytes (BACKUP_UPLOAD_MAX_SIZE);"
                + " copy large backups into the backup directory instead");
    }
}
