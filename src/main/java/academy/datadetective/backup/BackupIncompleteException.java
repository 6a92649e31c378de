package academy.datadetective.backup;

import java.util.List;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/**
 * A backup kept in some destinations but not all: it counts as a failed backup (metrics, health), and the missing
 * copy is made again after the next backup. The answer's status is the failed destination's (507 for the
 * directory, 502 for object storage).
 */
public class BackupIncompleteException extends ApiException {

    BackupIncompleteException(BackupName name, List<String> keptIn, String failedIn, RuntimeException failure) {
        super(failure instanceof ApiException api ? api.status() : Response.Status.BAD_GATEWAY,
                "Backup " + name + " was kept in " + String.join(" and ", keptIn) + ", but not in " + failedIn + ": "
                        + failure.getMessage() + "; the copy is made again after the next backup");
    }
}
