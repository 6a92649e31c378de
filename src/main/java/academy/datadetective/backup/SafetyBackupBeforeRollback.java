package academy.datadetective.backup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;

import academy.datadetective.migration.MigrationService;

/** A rollback's down scripts may drop columns and their data; a backup taken first makes that recoverable. */
@ApplicationScoped
class SafetyBackupBeforeRollback {

    private final BackupTaker backups;

    SafetyBackupBeforeRollback(BackupTaker backups) {
        this.backups = backups;
    }

    /** A failing backup throws, and so stops the rollback before any down script runs. */
    void backUp(@Observes MigrationService.RollbackStarting rollback) {
        if (rollback.versions().isEmpty()) {
            return;
        }
        BackupInfo backup = backups.safetyBackup();
        Log.infof("Safety backup before rolling back %s: %s", rollback.versions(), backup.name());
    }
}
