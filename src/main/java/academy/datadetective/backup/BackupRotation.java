package academy.datadetective.backup;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * Rotation of one destination after a successful backup: keeps the newest {@code BACKUP_KEEP} of the service's own
 * backups and, counted apart, the newest uploads, so that an upload never pushes one of the service's own out.
 */
@ApplicationScoped
class BackupRotation {

    private final BackupConfig config;

    BackupRotation(BackupConfig config) {
        this.config = config;
    }

    /** @return the names deleted */
    List<String> rotate(BackupStore store) {
        List<StoredBackup> own = new ArrayList<>();
        List<StoredBackup> uploads = new ArrayList<>();
        for (StoredBackup backup : store.list()) {
            if (!backup.has(BackupMarker.SAFETY) && !backup.has(BackupMarker.PINNED)) {
                (backup.has(BackupMarker.UPLOADED) ? uploads : own).add(backup);
            }
        }
        List<StoredBackup> old = new ArrayList<>(own.subList(0, Math.max(0, own.size() - config.keep())));
        old.addAll(uploads.subList(0, Math.max(0, uploads.size() - config.keep())));
        List<String> deleted = new ArrayList<>();
        for (StoredBackup backup : old) {
            store.delete(backup.name());
            deleted.add(backup.name().value());
        }
        if (!deleted.isEmpty()) {
            Log.infof("Rotation of %s deleted %s", store.location(), deleted);
        }
        return deleted;
    }
}
