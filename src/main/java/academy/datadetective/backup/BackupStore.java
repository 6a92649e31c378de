package academy.datadetective.backup;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A destination that keeps backups: the backup directory, or a bucket of S3-compatible object storage. Beside
 * each backup it keeps its SHA-256 ({@code NAME.sha256}, in {@code sha256sum}'s format), its manifest
 * ({@code NAME.json}: the header's facts, readable without the key of an encrypted backup) and its markers.
 * Only names of {@link BackupName}'s pattern are ever listed, read, written or deleted.
 */
interface BackupStore {

    /** How the listing names this destination: {@code directory} or {@code s3}. */
    String kind();

    /** Where it is, for messages and the listing: the directory's path, or {@code s3://bucket/prefix}. */
    String location();

    /** Every backup here, oldest first ({@link BackupName#CHRONOLOGICAL}). */
    List<StoredBackup> list();

    Optional<StoredBackup> find(BackupName name);

    /**
     * The stored bytes of a backup, from the first to the last.
     *
     * @throws BackupNotFoundException when there is no backup of that name here
     */
    InputStream open(BackupName name);

    /**
     * Starts writing a backup under a name that no backup here has. Nothing appears under the name before
     * {@link NewBackup#publish}; closing it unpublished leaves nothing behind.
     */
    NewBackup create(BackupName name, Set<BackupMarker> markers);

    /** The backup with its checksum, manifest and markers; a marker last, so that a half-deleted backup never changes kind. */
    void delete(BackupName name);

    void mark(BackupName name, BackupMarker marker);

    void unmark(BackupName name, BackupMarker marker);

    /**
     * Removes what a process killed mid-backup left here (a hidden temporary file, an unfinished multipart
     * upload). The caller holds the backup lock, so no backup is writing here now.
     */
    void cleanUpAbandonedWrites();
}
