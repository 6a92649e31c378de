package academy.datadetective.backup;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 413: an uploaded backup beyond BACKUP_UPLOAD_MAX_SIZE, or inflating beyond BACKUP_UPLOAD_MAX_INFLATED_SIZE; nothing is kept. */
public class BackupTooLargeException extends ApiException {

    private BackupTooLargeException(String detail) {
        super(Response.Status.REQUEST_ENTITY_TOO_LARGE, detail);
    }

    public static BackupTooLargeException upload(long limit) {
        return new BackupTooLargeException("The upload exceeds " + limit + " bytes (BACKUP_UPLOAD_MAX_SIZE);"
                + " copy large backups into the backup directory instead");
    }

    public static BackupTooLargeException inflated(long limit) {
        return new BackupTooLargeException("The upload inflates to more than " + limit + " bytes (BACKUP_UPLOAD_MAX_INFLATED_SIZE);"
                + " copy large backups into the backup directory instead");
    }
}
