package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup directory's files without a database or an application. */
class BackupFilesTest {

    @TempDir
    Path directory;

    private BackupName publish(BackupFiles files, String time, boolean uploaded) throws IOException {
        BackupName name = files.nextName(Instant.parse(time));
        Path temporary = Files.writeString(directory.resolve(".tmp-" + name), "data");
        files.publish(name, temporary, "ab".repeat(32), uploaded);
        return name;
    }

    @Test
    void publishedBackupsCarryTheirChecksumAndUploadsTheirMarker() throws IOException {
        BackupFiles files = new BackupFiles(directory);
        BackupName own = publish(files, "2026-01-01T02:00:00Z", false);
        BackupName upload = publish(files, "2026-01-02T02:00:00Z", true);

        assertEquals(List.of(own, upload), files.names());
        assertEquals(Optional.of("ab".repeat(32)), BackupFiles.storedChecksum(directory.resolve(own.value())));
        assertFalse(files.isUpload(own));
        assertTrue(files.isUpload(upload));
        assertEquals(List.of(own.value(), upload.value(), own.checksumFile(), upload.checksumFile(), "." + upload.value() + ".uploaded"),
                listing());
    }

    @Test
    void rotationKeepsTheNewestOwnBackupsAndUploadsApart() throws IOException {
        BackupFiles files = new BackupFiles(directory);
        BackupName oldest = publish(files, "2026-01-01T02:00:00Z", false);
        publish(files, "2026-01-02T02:00:00Z", false);
        BackupName oldUpload = publish(files, "2026-01-03T02:00:00Z", true);
        publish(files, "2026-01-04T02:00:00Z", true);
        Files.writeString(directory.resolve("notes.txt"), "mine");

        assertEquals(List.of(oldest.value(), oldUpload.value()), files.rotate(1));
        assertEquals(2, files.names().size(), "one own backup and one upload remain");
        assertTrue(Files.exists(directory.resolve("notes.txt")));
        assertFalse(Files.exists(directory.resolve("." + oldUpload.value() + ".uploaded")));
    }

    @Test
    void aRequestReachesOnlyRegularFilesOfTheServicesPattern() throws IOException {
        BackupFiles files = new BackupFiles(directory);
        BackupName own = publish(files, "2026-01-01T02:00:00Z", false);
        Path outside = Files.writeString(Files.createTempFile("outside", ".sql.gz"), "secret");
        Files.createSymbolicLink(directory.resolve("backup_20260105_020000.sql.gz"), outside);

        assertEquals(directory.resolve(own.value()), files.resolve(own.value()));
        assertThrows(BackupNotFoundException.class, () -> files.resolve("backup_20260105_020000.sql.gz"));
        assertThrows(BackupNotFoundException.class, () -> files.resolve("../" + own.value()));
        assertThrows(BackupNotFoundException.class, () -> files.resolve("notes.txt"));
        assertEquals(List.of(own), files.names());

        files.delete(own.value());
        assertEquals(List.of(), files.names());
        assertTrue(Files.exists(outside));
        Files.delete(outside);
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".tmp-")).sorted((a, b) -> {
                int rank = Integer.compare(rank(a), rank(b));
                return rank != 0 ? rank : a.compareTo(b);
            }).toList();
        }
    }

    private static int rank(String name) {
        return name.startsWith(".") ? 2 : name.endsWith(".sha256") ? 1 : 0;
    }
}
