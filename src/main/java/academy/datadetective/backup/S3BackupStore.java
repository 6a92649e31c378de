package academy.datadetective.backup;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.quarkus.logging.Log;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups in a bucket of S3 or of an S3-compatible store (issue 20), under a prefix, as the backup directory keeps
 * them: {@code NAME}, {@code NAME.sha256}, {@code NAME.json} and the empty markers {@code .NAME.<marker>}. Only keys
 * directly under the prefix whose names are of {@link BackupName}'s pattern are backups; nothing else is read or
 * deleted. Uploads stream in parts ({@link S3NewBackup}) and never replace an object.
 */
final class S3BackupStore implements BackupStore, AutoCloseable {

    private static final String EMPTY_CONTENT_TYPE = "application/octet-stream";

    private final S3Bucket bucket;
    private final boolean ownsClient;

    /** On a client that the caller keeps and closes. */
    S3BackupStore(S3Client client, String bucket, String prefix) {
        this(new S3Bucket(client, bucket, prefix), false);
    }

    private S3BackupStore(S3Bucket bucket, boolean ownsClient) {
        this.bucket = bucket;
        this.ownsClient = ownsClient;
    }

    /**
     * The store of the backup settings, with a client of its own that {@link #close()} closes.
     *
     * @throws IllegalArgumentException when no bucket is set
     * @throws ObjectStorageException when no client can be made (no region anywhere)
     */
    static S3BackupStore fromConfig(BackupConfig.S3 config) {
        String bucket = config.bucket().orElseThrow(() -> new IllegalArgumentException("No bucket is set for backups (BACKUP_S3_BUCKET)"));
        try {
            return new S3BackupStore(new S3Bucket(S3Clients.fromConfig(config), bucket, config.prefix()), true);
        } catch (SdkException e) {
            throw ObjectStorageException.of(e, "connect to s3://" + bucket, bucket, config.endpoint());
        }
    }

    @Override
    public String kind() {
        return "s3";
    }

    @Override
    public String location() {
        return bucket.location();
    }

    /** One listing for all backups, their checksum and manifest objects and their markers; then two reads a backup. */
    @Override
    public List<StoredBackup> list() {
        List<S3Object> objects = bucket.list("");
        Set<String> names = namesOf(objects);
        List<StoredBackup> backups = new ArrayList<>();
        for (S3Object object : objects) {
            BackupName.parse(bucket.nameOf(object.key())).ifPresent(name -> backups.add(stored(name, object.size(), names)));
        }
        backups.sort(Comparator.comparing(StoredBackup::name, BackupName.CHRONOLOGICAL));
        return backups;
    }

    @Override
    public Optional<StoredBackup> find(BackupName name) {
        List<S3Object> objects = bucket.list(name.value());
        Optional<S3Object> backup = objects.stream().filter(object -> bucket.nameOf(object.key()).equals(name.value())).findFirst();
        if (backup.isEmpty()) {
            return Optional.empty();
        }
        Set<String> names = namesOf(objects);
        names.addAll(namesOf(bucket.list("." + name.value() + ".")));
        return Optional.of(stored(name, backup.get().size(), names));
    }

    @Override
    public InputStream open(BackupName name) {
        return bucket.open(name.value()).orElseThrow(BackupNotFoundException::new);
    }

    /**
     * @throws ObjectStorageException when the name is taken, before a byte is uploaded; {@link NewBackup#publish}
     *     checks again
     */
    @Override
    public NewBackup create(BackupName name, Set<BackupMarker> markers) {
        if (bucket.exists(name.value())) {
            throw ObjectStorageException.alreadyStored(name, location());
        }
        return new S3NewBackup(bucket, name, markers);
    }

    /**
     * The backup first, so that a half-deleted one is no longer listed, then its checksum and manifest, its markers
     * last; leftovers of a half-deleted one go too.
     *
     * @throws BackupNotFoundException when the backup itself was not there
     */
    @Override
    public void delete(BackupName name) {
        boolean existed = bucket.exists(name.value());
        List<String> names = new ArrayList<>(List.of(name.value(), name.checksumFile(), name.manifestFile()));
        Arrays.stream(BackupMarker.values()).forEach(marker -> names.add(marker.markerName(name)));
        bucket.delete(names);
        if (!existed) {
            throw new BackupNotFoundException();
        }
    }

    /** @throws BackupNotFoundException rather than marking a backup that is not there */
    @Override
    public void mark(BackupName name, BackupMarker marker) {
        if (!bucket.exists(name.value())) {
            throw new BackupNotFoundException();
        }
        bucket.put(marker.markerName(name), new byte[0], EMPTY_CONTENT_TYPE);
    }

    @Override
    public void unmark(BackupName name, BackupMarker marker) {
        bucket.delete(List.of(marker.markerName(name)));
    }

    /**
     * Aborts the unfinished uploads of backups under the prefix that started before that time. A process killed
     * mid-upload leaves its parts behind: they never show as a backup, but the bucket keeps (and bills) them.
     * Uploads of other names are not the store's and stay.
     *
     * @return how many were aborted
     */
    int abortAbandonedUploads(Instant startedBefore) {
        List<MultipartUpload> abandoned = bucket.call("list the unfinished uploads in " + location(), () -> bucket.client()
                .listMultipartUploadsPaginator(request -> request.bucket(bucket.name()).prefix(bucket.prefix())).uploads().stream()
                .filter(upload -> BackupName.parse(bucket.nameOf(upload.key())).isPresent() && upload.initiated().isBefore(startedBefore))
                .toList());
        for (MultipartUpload upload : abandoned) {
            bucket.call("abort the upload of " + upload.key(), () -> bucket.client().abortMultipartUpload(request -> request
                    .bucket(bucket.name()).key(upload.key()).uploadId(upload.uploadId())));
            Log.infof("Aborted the upload of %s, started %s and never finished", bucket.nameOf(upload.key()), upload.initiated());
        }
        return abandoned.size();
    }

    @Override
    public void cleanUpAbandonedWrites() {
        try {
            abortAbandonedUploads(Instant.now());
        } catch (RuntimeException e) {
            Log.warnf("Cannot look for abandoned uploads in %s: %s", location(), e.getMessage());
        }
    }

    /** Closes the client if the store made it ({@link #fromConfig}). */
    @Override
    public void close() {
        if (ownsClient) {
            bucket.client().close();
        }
    }

    private Set<String> namesOf(List<S3Object> objects) {
        Set<String> names = new HashSet<>();
        objects.forEach(object -> names.add(bucket.nameOf(object.key())));
        return names;
    }

    /** @param names every name the listing found, to tell which of the backup's companions are there without asking */
    private StoredBackup stored(BackupName name, long size, Set<String> names) {
        Optional<String> sha256 = names.contains(name.checksumFile()) ? bucket.read(name.checksumFile()).map(S3BackupStore::checksumOf)
                : Optional.empty();
        Optional<BackupManifest> manifest = names.contains(name.manifestFile()) ? bucket.read(name.manifestFile()).flatMap(json -> manifestOf(name, json))
                : Optional.empty();
        Set<BackupMarker> markers = EnumSet.noneOf(BackupMarker.class);
        for (BackupMarker marker : BackupMarker.values()) {
            if (names.contains(marker.markerName(name))) {
                markers.add(marker);
            }
        }
        return new StoredBackup(name, size, sha256, manifest, markers);
    }

    /** {@code sha256sum}'s line: the hex digest, two spaces, the name. */
    private static String checksumOf(byte[] line) {
        return new String(line, StandardCharsets.UTF_8).strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    }

    /** A damaged manifest is no reason to hide the backup: its facts then come from its header, as without one. */
    private static Optional<BackupManifest> manifestOf(BackupName name, byte[] json) {
        try {
            return Optional.of(BackupManifest.fromJson(json));
        } catch (InvalidBackupException e) {
            Log.warnf("The manifest of %s is ignored: %s", name, e.getMessage());
            return Optional.empty();
        }
    }
}
