package academy.datadetective.backup;

import java.io.IOException;

import academy.datadetective.common.ApiException;

/**
 * 507: the backup could not be written to the backup directory (full, read-only, gone). Nothing was
 * published and rotation did not run, so the backups already there are untouched.
 */
public class BackupWriteFailedException extends ApiException {

    BackupWriteFailedException(IOException cause) {
        super(INSUFFICIENT_STORAGE, "Backup failed: cannot write to the backup directory (" + cause.getMessage()
                + "); the existing backups are unchanged");
    }
}
