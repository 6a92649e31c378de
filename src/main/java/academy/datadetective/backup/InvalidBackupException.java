package academy.datadetective.backup;

import academy.datadetective.common.ApiException;

/** 422: the file is not a complete, intact backup of this service; nothing was changed. */
public class InvalidBackupException extends ApiException {

    public InvalidBackupException(String reason) {
        super(UNPROCESSABLE_CONTENT, "Not a restorable backup: " + reason);
    }

    /** The inflater's EOFException or ZipException, whether an upload is checked or a backup restored. */
    static InvalidBackupException damagedGzip() {
        return new InvalidBackupException("the gzip stream is cut off or damaged");
    }
}
