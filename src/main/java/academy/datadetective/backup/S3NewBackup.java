package academy.datadetective.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.logging.Log;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * A backup on its way into the bucket: a multipart upload that {@link #publish} completes, or for a backup smaller
 * than one part a single object. Nothing is under the backup's name before then, and {@link #close()} unpublished
 * aborts the upload. The SHA-256 goes into {@code NAME.sha256} beside it and into its metadata
 * ({@value #CHECKSUM_METADATA}); the object in the bucket is the truth, and a store that refuses the metadata
 * leaves {@code NAME.sha256} as the only checksum, as the backup directory has.
 */
final class S3NewBackup implements NewBackup {

    /** User metadata, {@code x-amz-meta-sha256}. */
    static final String CHECKSUM_METADATA = "sha256";
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Bucket bucket;
    private final BackupName name;
    private final String key;
    private final Set<BackupMarker> markers;
    private final PartUploadStream out;
    /** Touched by the upload thread only, until {@link #out} is closed or abandoned. */
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;
    private boolean published;

    S3NewBackup(S3Bucket bucket, BackupName name, Set<BackupMarker> markers) {
        this.bucket = bucket;
        this.name = name;
        this.key = bucket.key(name.value());
        this.markers = Set.copyOf(markers);
        out = new PartUploadStream(this::uploadPart, "backup-upload-" + name);
    }

    @Override
    public OutputStream out() {
        return out;
    }

    /**
     * The markers first, then the checksum and manifest, then the backup itself: a listed backup always has them.
     *
     * @throws ObjectStorageException when the bucket refuses any of it; then nothing is left under the name
     */
    @Override
    public void publish(String sha256, BackupManifest manifest) {
        if (published) {
            throw new IllegalStateException(name + " is already published");
        }
        closeOut();
        // Before the checksum and manifest are written: those of a backup already there must stay as they are.
        if (bucket.exists(name.value())) {
            throw ObjectStorageException.alreadyStored(name, bucket.location());
        }
        try {
            writeMarkers();
            bucket.put(name.checksumFile(), (sha256 + "  " + name + "\n").getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
            bucket.put(name.manifestFile(), manifest.toJson(), "application/json");
            if (out.parts() == 0) {
                putWhole(sha256);
            } else {
                completeUpload();
                recordChecksumInMetadata(sha256);
            }
            published = true;
        } catch (RuntimeException e) {
            removeWhatWasWritten();
            throw e;
        }
    }

    /** Unpublished: the parts uploaded so far are discarded, and no object appears. */
    @Override
    public void close() {
        if (published) {
            return;
        }
        out.abandon();
        if (uploadId != null) {
            try {
                bucket.call("abort the upload of " + name, () -> {
                    try {
                        return bucket.client().abortMultipartUpload(request -> request.bucket(bucket.name()).key(key).uploadId(uploadId));
                    } catch (NoSuchUploadException e) {
                        return null; // Gone already, which is all an abort wants.
                    }
                });
            } catch (ObjectStorageException e) {
                // Thrown from close() it would hide why the backup failed; abortAbandonedUploads() removes the parts later.
                Log.warnf("The unfinished upload of %s stays until abandoned uploads are aborted: %s", name, e.getMessage());
            }
        }
    }

    /** For the test that holds an upload's memory to {@link PartUploadStream#MAX_BUFFERS} part buffers. */
    int partBuffersAllocated() {
        return out.buffersAllocated();
    }

    private void uploadPart(int partNumber, byte[] bytes, int length) {
        if (uploadId == null) {
            uploadId = bucket.call("start the upload of " + name, () -> bucket.client().createMultipartUpload(request -> request
                    .bucket(bucket.name()).key(key).contentType(CONTENT_TYPE))).uploadId();
        }
        // The buffer itself, read afresh for each attempt: RequestBody.fromBytes would copy it.
        RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE);
        String eTag = bucket.call("upload part " + partNumber + " of " + name, () -> bucket.client().uploadPart(request -> request
                .bucket(bucket.name()).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) length), body)).eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
    }

    private void closeOut() {
        try {
            out.close();
        } catch (IOException e) {
            if (e.getCause() instanceof ObjectStorageException refused) {
                throw refused;
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Exactly the markers asked for: one left by a deleted backup of the same name must not change this one's kind. */
    private void writeMarkers() {
        List<String> stale = Arrays.stream(BackupMarker.values()).filter(marker -> !markers.contains(marker))
                .map(marker -> marker.markerName(name)).toList();
        bucket.delete(stale);
        for (BackupMarker marker : markers) {
            bucket.put(marker.markerName(name), new byte[0], CONTENT_TYPE);
        }
    }

    private void putWhole(String sha256) {
        byte[] bytes = out.buffer();
        int length = out.buffered();
        RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE);
        bucket.call("store " + name, () -> bucket.client().putObject(request -> request.bucket(bucket.name()).key(key)
                .ifNoneMatch("*").contentType(CONTENT_TYPE).metadata(Map.of(CHECKSUM_METADATA, sha256)), body));
    }

    /**
     * With If-None-Match where the store honours it (AWS does); S3Proxy ignores it on completion, and the listing
     * in {@link #publish} is the guard there.
     */
    private void completeUpload() {
        bucket.call("complete the upload of " + name, () -> bucket.client().completeMultipartUpload(request -> request
                .bucket(bucket.name()).key(key).uploadId(uploadId).ifNoneMatch("*").multipartUpload(upload -> upload.parts(parts))));
    }

    /**
     * The SHA-256 is known only after the last part, when the metadata of a multipart upload is long fixed: the object
     * is copied onto itself with new metadata, conditioned on the ETag the store reports for it now. Not the one
     * the completion answered: S3Proxy, for one, gives the completed object the MD5 of its bytes as ETag instead.
     * A store that refuses (AWS copies at most 5 GB in one request) leaves {@code NAME.sha256} as the checksum.
     */
    private void recordChecksumInMetadata(String sha256) {
        try {
            HeadObjectResponse stored = bucket.call("read the metadata of " + name, () -> bucket.client().headObject(request -> request
                    .bucket(bucket.name()).key(key)));
            if (stored.contentLength() != out.size()) {
                Log.warnf("%s has %d bytes in the bucket, not the %d uploaded; its metadata keeps no checksum", name,
                        stored.contentLength(), out.size());
                return;
            }
            bucket.call("record the checksum of " + name, () -> bucket.client().copyObject(request -> request
                    .sourceBucket(bucket.name()).sourceKey(key).destinationBucket(bucket.name()).destinationKey(key)
                    .copySourceIfMatch(stored.eTag()).metadataDirective(MetadataDirective.REPLACE).contentType(CONTENT_TYPE)
                    .metadata(Map.of(CHECKSUM_METADATA, sha256))));
        } catch (ObjectStorageException e) {
            Log.warnf("%s is stored with %s beside it, but not in its metadata: %s", name, name.checksumFile(), e.getMessage());
        }
    }

    /** Unless the backup itself is there: then what was written belongs to it. */
    private void removeWhatWasWritten() {
        try {
            if (!bucket.exists(name.value())) {
                List<String> written = new ArrayList<>(List.of(name.checksumFile(), name.manifestFile()));
                markers.forEach(marker -> written.add(marker.markerName(name)));
                bucket.delete(written);
            }
        } catch (ObjectStorageException e) {
            Log.warnf("After the failed upload of %s, its checksum, manifest or markers may be left: %s", name, e.getMessage());
        }
    }
}
