package academy.datadetective.backup;

import static academy.datadetective.backup.S3BackupStoreTest.FIRST;
import static academy.datadetective.backup.S3BackupStoreTest.MANIFEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** What a failed, cut-off or refused upload leaves in a real S3 server (S3Proxy), and what the operator reads. */
class S3BackupStoreFailuresTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static S3ProxyServer server;
    private String prefix;
    private S3BackupStore store;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start("backups");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "failures" + PREFIXES.incrementAndGet() + "/";
        store = new S3BackupStore(server.client(), server.bucket(), prefix);
    }

    @Test
    void closingWithoutPublishingLeavesNoObjectAndNoUnfinishedUpload() throws IOException {
        try (NewBackup backup = store.create(FIRST, Set.of(BackupMarker.UPLOADED))) {
            GeneratedBytes.write(backup.out(), 2L * PartUploadStream.PART_SIZE + 1);
        }

        assertEquals(List.of(), server.keys(prefix));
        assertEquals(List.of(), server.unfinishedUploads(prefix));
    }

    @Test
    void aFailureMidStreamLeavesNoObjectAndNoUnfinishedUpload() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
            try (NewBackup backup = store.create(FIRST, Set.of()); OutputStream out = backup.out()) {
                GeneratedBytes.write(out, PartUploadStream.PART_SIZE + 1024);
                throw new IllegalStateException("the database went away");
            }
        });

        assertEquals("the database went away", failure.getMessage());
        assertEquals(List.of(), server.keys(prefix));
        assertEquals(List.of(), server.unfinishedUploads(prefix));
    }

    @Test
    void aRefusedCompletionLeavesNothingUnderTheName() throws IOException {
        try (NewBackup backup = store.create(FIRST, Set.of(BackupMarker.SAFETY))) {
            String sha256;
            try (OutputStream out = backup.out()) {
                sha256 = GeneratedBytes.write(out, PartUploadStream.PART_SIZE + 1);
            }
            // The upload vanishes under the store's hands, as when another process sweeps it away.
            abort(server.unfinishedUploads(prefix));

            ObjectStorageException refused = assertThrows(ObjectStorageException.class, () -> backup.publish(sha256, MANIFEST));
            assertTrue(refused.getMessage().startsWith("object storage refused to complete the upload of " + FIRST + " ("),
                    refused.getMessage());
        }

        assertEquals(List.of(), server.keys(prefix));
        assertEquals(List.of(), server.unfinishedUploads(prefix));
    }

    @Test
    void unfinishedUploadsOfBackupsStartedBeforeTheGivenTimeAreAborted() {
        String abandoned = prefix + FIRST;
        String notABackup = prefix + "notes.txt";
        for (String key : List.of(abandoned, notABackup)) {
            server.client().createMultipartUpload(request -> request.bucket(server.bucket()).key(key));
        }

        // S3Proxy reports every upload as started at the time of the listing.
        assertEquals(0, store.abortAbandonedUploads(Instant.now().minusSeconds(3600)));
        assertEquals(1, store.abortAbandonedUploads(Instant.now().plusSeconds(60)));

        List<MultipartUpload> left = server.unfinishedUploads(prefix);
        assertEquals(List.of(notABackup), left.stream().map(MultipartUpload::key).toList());
        abort(left);
    }

    @Test
    void refusedCredentialsAreNamedInOneLine() {
        try (S3Client wrongKey = server.client("nobody", server.secretKey());
                S3Client wrongSecret = server.client(server.accessKey(), "not-the-secret")) {
            ObjectStorageException unknownKey = assertThrows(ObjectStorageException.class,
                    () -> new S3BackupStore(wrongKey, server.bucket(), prefix).list());
            assertEquals("object storage refused the credentials (InvalidAccessKeyId): check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
                    + " or the pod's role", unknownKey.getMessage());
            assertEquals(502, unknownKey.status().getStatusCode());

            ObjectStorageException badSecret = assertThrows(ObjectStorageException.class,
                    () -> new S3BackupStore(wrongSecret, server.bucket(), prefix).create(FIRST, Set.of()));
            assertEquals("object storage refused the credentials (SignatureDoesNotMatch): check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
                    + " or the pod's role", badSecret.getMessage());
            assertFalse(badSecret.getMessage().contains("not-the-secret"));
        }
    }

    @Test
    void aMissingBucketIsNamed() {
        S3BackupStore missing = new S3BackupStore(server.client(), "no-such-bucket", prefix);

        ObjectStorageException refused = assertThrows(ObjectStorageException.class, missing::list);
        assertEquals("object storage has no bucket no-such-bucket (NoSuchBucket): check BACKUP_S3_BUCKET", refused.getMessage());
        assertEquals(refused.getMessage(), assertThrows(ObjectStorageException.class, () -> missing.create(FIRST, Set.of())).getMessage());
    }

    @Test
    void anUnreachableEndpointIsNamed() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (S3Client nowhere = S3Clients.builder(Optional.of(closed), Optional.of(Region.US_EAST_1), true)
                .credentialsProvider(() -> AwsBasicCredentials.create("any", "any")).build()) {
            ObjectStorageException unreachable = assertThrows(ObjectStorageException.class,
                    () -> new S3BackupStore(nowhere, "backups", prefix).list());
            assertEquals("object storage at " + closed + " is unreachable (ConnectException: Connection refused): check"
                    + " BACKUP_S3_ENDPOINT and the network", unreachable.getMessage());
        }
    }

    private static void abort(List<MultipartUpload> uploads) {
        uploads.forEach(upload -> server.client().abortMultipartUpload(request -> request.bucket(server.bucket())
                .key(upload.key()).uploadId(upload.uploadId())));
    }
}
