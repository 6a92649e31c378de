package academy.datadetective.backup;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 404: no backup of that name in the backup directory (also for names this service never gives). */
public class BackupNotFoundException extends ApiException {

    public BackupNotFoundException() {
        super(Response.Status.NOT_FOUND, "No such backup; backup names look like backup_20260101_020000.sql.gz");
    }
}
