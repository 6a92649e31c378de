package academy.datadetective.backup;

import academy.datadetective.common.ApiException;

/** 422: the file is not a complete, intact backup of this service; nothing was changed. */
public class InvalidBackupException extends ApiException {

    public InvalidBackupException(String reason) {
        super(UNPROCESSABLE_CONTENT, "Not a restorable backup: " + reason);
    }
}
