package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup directory as a destination, without a database or an application. */
class DirectoryBackupStoreTest {

    @TempDir
    Path directory;

    private static final BackupManifest MANIFEST = new BackupManifest(1, "9", Instant.parse("2026-01-01T02:00:00Z"),
            Map.of("users", 3L), Optional.of("0123456789ABCDEF"));

    private BackupName publish(DirectoryBackupStore store, String time, Set<BackupMarker> markers) throws IOException {
        BackupName name = BackupDestinations.freeName(List.of(store), Instant.parse(time), false);
        try (NewBackup backup = store.create(name, markers)) {
            try (OutputStream out = backup.out()) {
                out.write("data".getBytes(StandardCharsets.UTF_8));
            }
            backup.publish("ab".repeat(32), MANIFEST);
        }
        return name;
    }

    @Test
    void aPublishedBackupCarriesItsChecksumManifestAndMarkers() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(directory);
        BackupName own = publish(store, "2026-01-01T02:00:00Z", EnumSet.noneOf(BackupMarker.class));
        BackupName upload = publish(store, "2026-01-02T02:00:00Z", EnumSet.of(BackupMarker.UPLOADED));

        assertEquals(List.of(own, upload), store.list().stream().map(StoredBackup::name).toList());
        StoredBackup stored = store.find(own).orElseThrow();
        assertEquals(Optional.of("ab".repeat(32)), stored.sha256());
        assertEquals(Optional.of(MANIFEST), stored.manifest());
        assertEquals(4, stored.size());
        assertFalse(stored.has(BackupMarker.UPLOADED));
        assertTrue(store.find(upload).orElseThrow().has(BackupMarker.UPLOADED));
        try (InputStream in = store.open(own)) {
            assertArrayEquals("data".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        assertEquals(List.of(own.value(), upload.value(), own.manifestFile(), own.checksumFile(), upload.manifestFile(),
                upload.checksumFile(), "." + upload.value() + ".uploaded"), listing());
        assertEquals("ab".repeat(32) + "  " + own + "\n", Files.readString(directory.resolve(own.checksumFile())));
    }

    @Test
    void anUnpublishedBackupLeavesNothingAndANameIsNeverPublishedTwice() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(directory);
        BackupName name = BackupName.parse("backup_20260101_020000.sql.gz").orElseThrow();
        try (NewBackup abandoned = store.create(name, Set.of())) {
            abandoned.out().write(1);
        }
        assertEquals(List.of(), listing());

        publish(store, "2026-01-01T02:00:00Z", Set.of());
        try (NewBackup second = store.create(name, Set.of())) {
            second.out().close();
            assertThrows(IllegalStateException.class, () -> second.publish("cd".repeat(32), MANIFEST));
        }
        assertEquals(Optional.of("ab".repeat(32)), store.find(name).orElseThrow().sha256());
    }

    @Test
    void markersComeAndGoAndDeletionRemovesEverythingBesideTheBackup() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(directory);
        BackupName name = publish(store, "2026-01-01T02:00:00Z", EnumSet.of(BackupMarker.SAFETY));
        store.mark(name, BackupMarker.PINNED);
        assertEquals(EnumSet.of(BackupMarker.SAFETY, BackupMarker.PINNED), store.find(name).orElseThrow().markers());
        store.unmark(name, BackupMarker.PINNED);
        assertEquals(EnumSet.of(BackupMarker.SAFETY), store.find(name).orElseThrow().markers());
        Files.writeString(directory.resolve("notes.txt"), "mine");

        store.delete(name);
        assertEquals(List.of("notes.txt"), listing());
    }

    @Test
    void aRequestReachesOnlyRegularFilesOfTheServicesPattern() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(directory);
        BackupName own = publish(store, "2026-01-01T02:00:00Z", Set.of());
        Path outside = Files.writeString(Files.createTempFile("outside", ".sql.gz"), "secret");
        Files.createSymbolicLink(directory.resolve("backup_20260105_020000.sql.gz"), outside);
        BackupName link = BackupName.parse("backup_20260105_020000.sql.gz").orElseThrow();

        assertEquals(directory.resolve(own.value()), store.file(own));
        assertThrows(BackupNotFoundException.class, () -> store.file(link));
        assertThrows(BackupNotFoundException.class, () -> store.open(link));
        assertEquals(List.of(own), store.list().stream().map(StoredBackup::name).toList());

        store.delete(own);
        assertEquals(List.of(), store.list());
        assertTrue(Files.exists(outside));
        Files.delete(outside);
    }

    @Test
    void aBackupsSweepLeavesAnUploadStillStreamingIn() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(directory);
        Path upload = Files.writeString(store.newUploadFile(), "upload in progress");
        Path abandoned = Files.writeString(directory.resolve(".backup_0000.partial"), "killed backup");

        store.cleanUpAbandonedWrites();

        assertTrue(Files.exists(upload));
        assertFalse(Files.exists(abandoned));
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted((a, b) -> {
                int rank = Integer.compare(rank(a), rank(b));
                return rank != 0 ? rank : a.compareTo(b);
            }).toList();
        }
    }

    private static int rank(String name) {
        return name.startsWith(".") ? 2 : name.endsWith(".sha256") || name.endsWith(".json") ? 1 : 0;
    }
}
