package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The bucket store against a real S3 server (S3Proxy), each test under a prefix of its own. */
class S3BackupStoreTest {

    static final BackupName FIRST = BackupName.parse("backup_20260101_020000.sql.gz").orElseThrow();
    static final BackupName SECOND = BackupName.parse("backup_20260102_020000_1.sql.gz.gpg").orElseThrow();
    static final BackupManifest MANIFEST = new BackupManifest(1, "V12", Instant.parse("2026-01-01T02:00:00Z"),
            Map.of("users", 3L, "datasets", 2L), Optional.of("0123456789ABCDEF"));
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static S3ProxyServer server;
    private static S3Client client;
    private String prefix;
    private S3BackupStore store;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start("backups");
        client = server.client();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "test" + PREFIXES.incrementAndGet() + "/";
        store = new S3BackupStore(client, server.bucket(), prefix);
    }

    @Test
    void aPublishedBackupIsListedWithItsSizeChecksumManifestAndMarkers() throws IOException {
        byte[] content = "a small backup".getBytes(StandardCharsets.UTF_8);
        publish(FIRST, content, Set.of(BackupMarker.UPLOADED));

        List<StoredBackup> backups = store.list();
        assertEquals(1, backups.size());
        StoredBackup backup = backups.get(0);
        assertEquals(FIRST, backup.name());
        assertEquals(content.length, backup.size());
        assertEquals(Optional.of(GeneratedBytes.sha256(content)), backup.sha256());
        assertEquals(Optional.of(MANIFEST), backup.manifest());
        assertEquals(Set.of(BackupMarker.UPLOADED), backup.markers());
        assertEquals(Optional.of(backup), store.find(FIRST));
        assertEquals("s3", store.kind());
        assertEquals("s3://backups/" + prefix, store.location());
        try (InputStream stored = store.open(FIRST)) {
            assertArrayEquals(content, stored.readAllBytes());
        }
    }

    @Test
    void theBackupDirectorysLayoutIsKeptUnderThePrefix() {
        byte[] content = "layout".getBytes(StandardCharsets.UTF_8);
        publish(FIRST, content, Set.of(BackupMarker.SAFETY));

        assertEquals(Set.of(prefix + FIRST, prefix + FIRST.checksumFile(), prefix + FIRST.manifestFile(),
                prefix + BackupMarker.SAFETY.markerName(FIRST)), Set.copyOf(server.keys(prefix)));
        assertEquals(GeneratedBytes.sha256(content) + "  " + FIRST + "\n", client.getObjectAsBytes(request -> request
                .bucket(server.bucket()).key(prefix + FIRST.checksumFile())).asUtf8String());
        assertEquals(MANIFEST, BackupManifest.fromJson(client.getObjectAsBytes(request -> request.bucket(server.bucket())
                .key(prefix + FIRST.manifestFile())).asByteArray()));
        assertEquals(Map.of(S3NewBackup.CHECKSUM_METADATA, GeneratedBytes.sha256(content)), metadataOf(prefix + FIRST));
    }

    @Test
    void aPrefixIsAFolderOrTheBucketsTop() {
        assertEquals("s3://backups/nightly/", new S3BackupStore(client, "backups", "nightly").location());
        assertEquals("s3://backups/", new S3BackupStore(client, "backups", "").location());
    }

    @Test
    void theListingIsOldestFirstAndHoldsOnlyBackupNamesDirectlyUnderThePrefix() {
        publish(SECOND, new byte[] {2}, Set.of());
        publish(FIRST, new byte[] {1}, Set.of());
        // Taken before manifests and checksums existed, and keys that are not backups of this prefix.
        BackupName bare = BackupName.parse("backup_20251231_020000.sql.gz").orElseThrow();
        for (String key : List.of(prefix + bare, prefix + "notes.txt", prefix + "older/" + FIRST, prefix + "backup_2026.sql.gz")) {
            client.putObject(request -> request.bucket(server.bucket()).key(key), RequestBody.fromString("x"));
        }

        List<StoredBackup> backups = store.list();
        assertEquals(List.of(bare, FIRST, SECOND), backups.stream().map(StoredBackup::name).toList());
        assertEquals(Optional.empty(), backups.get(0).sha256());
        assertEquals(Optional.empty(), backups.get(0).manifest());
    }

    @Test
    void deletingRemovesTheBackupItsChecksumManifestAndMarkers() {
        publish(FIRST, new byte[] {1}, Set.of(BackupMarker.UPLOADED, BackupMarker.SAFETY, BackupMarker.PINNED));
        publish(SECOND, new byte[] {2}, Set.of());

        store.delete(FIRST);

        assertEquals(Set.of(prefix + SECOND, prefix + SECOND.checksumFile(), prefix + SECOND.manifestFile()), Set.copyOf(server.keys(prefix)));
        assertThrows(BackupNotFoundException.class, () -> store.delete(FIRST));
        assertThrows(BackupNotFoundException.class, () -> store.open(FIRST));
        assertEquals(Optional.empty(), store.find(FIRST));
    }

    @Test
    void markingAndUnmarkingChangeOnlyTheMarker() {
        publish(FIRST, new byte[] {1}, Set.of(BackupMarker.UPLOADED));

        store.mark(FIRST, BackupMarker.PINNED);
        assertEquals(Set.of(BackupMarker.UPLOADED, BackupMarker.PINNED), store.find(FIRST).orElseThrow().markers());
        store.unmark(FIRST, BackupMarker.PINNED);
        store.unmark(FIRST, BackupMarker.PINNED);
        assertEquals(Set.of(BackupMarker.UPLOADED), store.list().get(0).markers());
        assertThrows(BackupNotFoundException.class, () -> store.mark(SECOND, BackupMarker.PINNED));
    }

    @Test
    void aFortyMegabyteBackupStreamsThroughTwoPartBuffersAndKeepsItsChecksum() throws IOException {
        long size = 40L * 1024 * 1024 + 12_345;
        S3NewBackup backup = (S3NewBackup) store.create(FIRST, Set.of());
        String sha256;
        try (backup) {
            try (OutputStream out = backup.out()) {
                sha256 = GeneratedBytes.write(out, size);
            }
            backup.publish(sha256, MANIFEST);
        }

        assertTrue(backup.partBuffersAllocated() <= PartUploadStream.MAX_BUFFERS, backup.partBuffersAllocated() + " part buffers");
        assertEquals(sha256, GeneratedBytes.sha256(store.open(FIRST)));
        StoredBackup stored = store.find(FIRST).orElseThrow();
        assertEquals(size, stored.size());
        assertEquals(Optional.of(sha256), stored.sha256());
        // Known only after the last part, and put into the metadata by a copy of the object onto itself.
        assertEquals(Map.of(S3NewBackup.CHECKSUM_METADATA, sha256), metadataOf(prefix + FIRST));
        assertEquals(List.of(), server.unfinishedUploads(prefix));
    }

    @Test
    void anExistingBackupIsNeverReplaced() throws IOException {
        byte[] first = "the first".getBytes(StandardCharsets.UTF_8);
        publish(FIRST, first, Set.of(BackupMarker.PINNED));
        ObjectStorageException refused = assertThrows(ObjectStorageException.class, () -> store.create(FIRST, Set.of()));
        assertEquals("object storage already holds " + FIRST + " in s3://backups/" + prefix + "; a backup is never overwritten",
                refused.getMessage());

        // Two takers that both found the name free: the second to publish is refused, in one part or in many.
        for (long size : List.of(10L, PartUploadStream.PART_SIZE + 10L)) {
            NewBackup late = store.create(SECOND, Set.of());
            publish(SECOND, first, Set.of(BackupMarker.PINNED));
            try (late) {
                GeneratedBytes.write(late.out(), size);
                assertThrows(ObjectStorageException.class, () -> late.publish("0".repeat(64), MANIFEST));
            }
            StoredBackup kept = store.find(SECOND).orElseThrow();
            assertEquals(Optional.of(GeneratedBytes.sha256(first)), kept.sha256());
            assertEquals(Set.of(BackupMarker.PINNED), kept.markers());
            try (InputStream stored = store.open(SECOND)) {
                assertArrayEquals(first, stored.readAllBytes());
            }
            store.delete(SECOND);
        }
        assertEquals(List.of(), server.unfinishedUploads(prefix));
    }

    private void publish(BackupName name, byte[] content, Set<BackupMarker> markers) {
        try (NewBackup backup = store.create(name, markers)) {
            try (OutputStream out = backup.out()) {
                out.write(content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            backup.publish(GeneratedBytes.sha256(content), MANIFEST);
        }
    }

    private static Map<String, String> metadataOf(String key) {
        return client.headObject(request -> request.bucket(server.bucket()).key(key)).metadata();
    }
}
