package academy.datadetective.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.logging.Log;

/**
 * The files of one backup directory, and nothing of the database: which backups are there (regular files of
 * this service's name pattern, never links), the checksum beside each and the marker of an uploaded one, how
 * a finished file is published, how rotation and deletion remove them.
 */
final class BackupFiles {

    private final Path directory;

    BackupFiles(Path directory) {
        this.directory = directory;
    }

    /** The service's name for a new backup at that time, one no file in the directory has. */
    BackupName nextName(Instant time) {
        return BackupName.next(time, false, candidate -> Files.exists(directory.resolve(candidate)));
    }

    /** Backups of this service's pattern, oldest first. */
    List<BackupName> names() {
        List<BackupName> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                BackupName.parse(file.getFileName().toString()).filter(name -> isOwnFile(file)).ifPresent(names::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(BackupName.CHRONOLOGICAL);
        return names;
    }

    /** The file of a backup named by a request: only a name of this service's pattern, only in the directory. */
    Path resolve(String name) {
        BackupName parsed = BackupName.parse(name).orElseThrow(BackupNotFoundException::new);
        Path file = directory.resolve(parsed.value());
        if (!isOwnFile(file)) {
            throw new BackupNotFoundException();
        }
        return file;
    }

    boolean isUpload(BackupName name) {
        return isOwnFile(directory.resolve(uploadMarker(name)));
    }

    /**
     * Gives a complete, synced temporary file its backup name: an upload's marker and the checksum file first,
     * so that a backup never appears without them, then the backup itself, then the directory entry made durable.
     */
    void publish(BackupName name, Path temporary, String checksum, boolean uploaded) throws IOException {
        // A marker left by a backup of this name deleted by hand must not make the service's own an upload.
        Path marker = directory.resolve(uploadMarker(name));
        Files.deleteIfExists(marker);
        if (uploaded) {
            writeSynced(marker, "");
        }
        Path temporaryChecksum = directory.resolve("." + name.checksumFile() + "." + UUID.randomUUID() + ".partial");
        try {
            writeSynced(temporaryChecksum, checksum + "  " + name + "\n");
            Files.move(temporaryChecksum, directory.resolve(name.checksumFile()));
        } finally {
            deleteQuietly(temporaryChecksum);
        }
        Files.move(temporary, directory.resolve(name.value()));
        syncDirectory();
    }

    /**
     * Keeps the newest {@code keep} of the service's own backups by the time in their names, and apart from them
     * the newest {@code keep} uploads: an upload never pushes one of the service's own backups out. Other files
     * are never touched.
     */
    List<String> rotate(int keep) {
        List<BackupName> own = new ArrayList<>();
        List<BackupName> uploads = new ArrayList<>();
        for (BackupName name : names()) {
            (isUpload(name) ? uploads : own).add(name);
        }
        List<BackupName> old = new ArrayList<>(own.subList(0, Math.max(0, own.size() - keep)));
        old.addAll(uploads.subList(0, Math.max(0, uploads.size() - keep)));
        List<String> deleted = new ArrayList<>();
        for (BackupName name : old) {
            deleteFiles(name);
            deleted.add(name.value());
        }
        if (!deleted.isEmpty()) {
            Log.infof("Rotation deleted %s (keeping %d own backups and %d uploads)", deleted, keep, keep);
        }
        return deleted;
    }

    /** A backup named by a request, with its checksum and marker. */
    void delete(String name) {
        Path file = resolve(name);
        deleteQuietly(file.resolveSibling(file.getFileName() + ".sha256"));
        try {
            Files.delete(file);
            deleteQuietly(directory.resolve(uploadMarker(BackupName.parse(name).orElseThrow())));
        } catch (NoSuchFileException e) {
            throw new BackupNotFoundException();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A process killed mid-backup leaves its hidden temporary file behind; the caller holds the backup lock, so
     * no other backup of the database is writing one now.
     */
    void deleteAbandonedTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> abandoned = Files.newDirectoryStream(directory, ".backup_*.partial")) {
            for (Path file : abandoned) {
                Log.infof("Deleting %s, left by an interrupted backup", file.getFileName());
                deleteQuietly(file);
            }
        }
    }

    /** The upload marker last: an upload never turns into one of the service's own backups on the way. */
    private void deleteFiles(BackupName name) {
        deleteQuietly(directory.resolve(name.checksumFile()));
        deleteQuietly(directory.resolve(name.value()));
        deleteQuietly(directory.resolve(uploadMarker(name)));
    }

    /** Hidden, and never of the backup pattern: it marks a backup that came in by upload rather than from this service. */
    private static String uploadMarker(BackupName name) {
        return "." + name.value() + ".uploaded";
    }

    static Optional<String> storedChecksum(Path file) throws IOException {
        Path checksum = file.resolveSibling(file.getFileName() + ".sha256");
        if (!isOwnFile(checksum)) {
            return Optional.empty();
        }
        String line = Files.readString(checksum, StandardCharsets.UTF_8).strip();
        return Optional.of(line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT));
    }

    /**
     * A regular file itself, not a symbolic link: a link named like a backup could otherwise make the
     * service read (download, restore) or trust a file outside its directory.
     */
    static boolean isOwnFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("Could not delete %s: %s", file, e.getMessage());
        }
    }

    private static void writeSynced(Path file, String content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(StandardCharsets.UTF_8.encode(content));
            channel.force(true);
        }
    }

    /** Makes the renames durable; some file systems cannot open a directory, and then the rename stands as it is. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            Log.debugf("Cannot sync directory %s: %s", directory, e.getMessage());
        }
    }
}
