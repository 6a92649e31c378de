package academy.datadetective.backup;

import java.util.Set;

/**
 * A backup that rotation may weigh: only complete, published backups of one destination, as its listing shows
 * them. A failed or partial backup never reaches the listing (it stays a hidden temporary file or an unfinished
 * upload), so it can neither count towards a tier nor push a good backup out.
 *
 * @param offsiteCopyMissing a local backup whose upload to object storage has not succeeded yet
 */
record RetentionCandidate(BackupName name, Set<BackupMarker> markers, boolean offsiteCopyMissing) {

    RetentionCandidate {
        markers = Set.copyOf(markers);
    }

    boolean has(BackupMarker marker) {
        return markers.contains(marker);
    }
}
