package academy.datadetective.backup;

import java.util.Optional;
import java.util.Set;

/**
 * One backup as a destination keeps it. The checksum and manifest are what was written beside it; a backup taken
 * before manifests existed has none, and its facts come from its header.
 */
record StoredBackup(BackupName name, long size, Optional<String> sha256, Optional<BackupManifest> manifest, Set<BackupMarker> markers) {

    boolean has(BackupMarker marker) {
        return markers.contains(marker);
    }
}
