package academy.datadetective.backup;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/**
 * 400: a file that is not what this service's backup writer writes (a statement or psql command of its own, a
 * creation time in the future, a line beyond its bound). Unlike a damaged backup (422), it was made to look
 * like one; nothing of it is stored or loaded.
 */
public class RefusedBackupException extends ApiException {

    public RefusedBackupException(String reason) {
        super(Response.Status.BAD_REQUEST, "Refused: not a backup as this service writes them: " + reason);
    }
}
