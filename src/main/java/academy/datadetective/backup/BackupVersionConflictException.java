package academy.datadetective.backup;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 409: the backup's schema version is newer than (or unknown to) this build; restore it with a newer build. */
public class BackupVersionConflictException extends ApiException {

    public BackupVersionConflictException(String message) {
        super(Response.Status.CONFLICT, message);
    }
}
