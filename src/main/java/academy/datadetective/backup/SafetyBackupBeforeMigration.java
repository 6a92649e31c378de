package academy.datadetective.backup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;

import academy.datadetective.migration.MigrationService;

/**
 * The seed guide's rule, "always backup before migrations in production": before pending migrations change a
 * database that has data, at startup or by `migrate up`, a safety backup goes to every destination. A failing
 * backup throws, and so stops the migration before it starts. BACKUP_BEFORE_MIGRATIONS=false turns it off.
 */
@ApplicationScoped
class SafetyBackupBeforeMigration {

    private final BackupTaker backups;
    private final BackupConfig config;

    SafetyBackupBeforeMigration(BackupTaker backups, BackupConfig config) {
        this.backups = backups;
        this.config = config;
    }

    void backUp(@Observes MigrationService.MigrationStarting migration) {
        if (!config.beforeMigrations()) {
            return;
        }
        BackupInfo backup = backups.safetyBackup();
        Log.infof("Safety backup before migrating from version %s to %s: %s", migration.from(), migration.versions(), backup.name());
    }
}
