package academy.datadetective.backup;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.quarkus.logging.Log;

/**
 * The backup directory as a destination, and nothing of the database: its backups are regular files of the
 * service's name pattern (never links, which could point outside it), each with its checksum, manifest and
 * markers beside it. A new backup is written to a hidden temporary file and renamed only when complete and
 * synced, after the files beside it, so that a crash never leaves a file that looks like a backup.
 */
final class DirectoryBackupStore implements BackupStore {

    private static final String BACKUP_TEMPORARY = ".backup_";
    /** Uploads stream in before they take the backup lock: a backup's sweep must not take their files for its own leftovers. */
    private static final String UPLOAD_TEMPORARY = ".upload_";
    private static final String TEMPORARY_SUFFIX = ".partial";

    private final Path directory;

    DirectoryBackupStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    @Override
    public String kind() {
        return "directory";
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public List<StoredBackup> list() {
        List<StoredBackup> backups = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return backups;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                BackupName.parse(file.getFileName().toString()).filter(name -> isOwnFile(file))
                        .ifPresent(name -> backups.add(stored(name, file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        backups.sort((a, b) -> BackupName.CHRONOLOGICAL.compare(a.name(), b.name()));
        return backups;
    }

    @Override
    public Optional<StoredBackup> find(BackupName name) {
        Path file = directory.resolve(name.value());
        return isOwnFile(file) ? Optional.of(stored(name, file)) : Optional.empty();
    }

    /** The file of a backup, for a download served straight from the disk. */
    Path file(BackupName name) {
        Path file = directory.resolve(name.value());
        if (!isOwnFile(file)) {
            throw new BackupNotFoundException();
        }
        return file;
    }

    @Override
    public InputStream open(BackupName name) {
        try {
            return Files.newInputStream(file(name));
        } catch (NoSuchFileException e) {
            throw new BackupNotFoundException();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public NewBackup create(BackupName name, Set<BackupMarker> markers) {
        try {
            Files.createDirectories(directory);
            return new FileBackup(name, markers, directory.resolve(BACKUP_TEMPORARY + UUID.randomUUID() + TEMPORARY_SUFFIX));
        } catch (IOException e) {
            throw new BackupWriteFailedException(e);
        }
    }

    /** Where an upload is received before it is checked: a temporary name that no backup's sweep takes for a leftover. */
    Path newUploadFile() throws IOException {
        Files.createDirectories(directory);
        return directory.resolve(UPLOAD_TEMPORARY + UUID.randomUUID() + TEMPORARY_SUFFIX);
    }

    /**
     * Gives a complete, synced temporary file in the directory its backup name. Markers first (a stale one of a
     * backup of this name deleted by hand must not stay), then the checksum and the manifest, so that a backup
     * never appears without them, then the backup itself, never over another.
     */
    private void adopt(BackupName name, Path temporary, Set<BackupMarker> markers, String sha256, BackupManifest manifest) {
        try {
            if (Files.exists(directory.resolve(name.value()), LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("A backup named " + name + " exists already in " + directory);
            }
            for (BackupMarker marker : BackupMarker.values()) {
                Path markerFile = directory.resolve(marker.markerName(name));
                Files.deleteIfExists(markerFile);
                if (markers.contains(marker)) {
                    writeSynced(markerFile, "");
                }
            }
            publishBeside(name.checksumFile(), (sha256 + "  " + name + "\n").getBytes(StandardCharsets.UTF_8));
            publishBeside(name.manifestFile(), manifest.toJson());
            Files.move(temporary, directory.resolve(name.value()));
            syncDirectory();
        } catch (IOException e) {
            throw new BackupWriteFailedException(e);
        }
    }

    @Override
    public void delete(BackupName name) {
        Path file = file(name);
        deleteQuietly(directory.resolve(name.checksumFile()));
        deleteQuietly(directory.resolve(name.manifestFile()));
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            throw new BackupNotFoundException();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (BackupMarker marker : BackupMarker.values()) {
            deleteQuietly(directory.resolve(marker.markerName(name)));
        }
    }

    @Override
    public void mark(BackupName name, BackupMarker marker) {
        file(name);
        Path markerFile = directory.resolve(marker.markerName(name));
        if (!Files.exists(markerFile, LinkOption.NOFOLLOW_LINKS)) {
            try {
                writeSynced(markerFile, "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void unmark(BackupName name, BackupMarker marker) {
        file(name);
        deleteQuietly(directory.resolve(marker.markerName(name)));
    }

    /** An upload's temporary files are left alone until they are a day old: uploads do not take the backup lock. */
    @Override
    public void cleanUpAbandonedWrites() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".*" + TEMPORARY_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(BACKUP_TEMPORARY)
                        || name.startsWith(UPLOAD_TEMPORARY) && Files.getLastModifiedTime(file).compareTo(dayAgo) < 0) {
                    Log.infof("Deleting %s, left by an interrupted backup or upload", name);
                    deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            Log.warnf("Cannot look for abandoned temporary files in %s: %s", directory, e.getMessage());
        }
    }

    private StoredBackup stored(BackupName name, Path file) {
        try {
            Set<BackupMarker> markers = EnumSet.noneOf(BackupMarker.class);
            for (BackupMarker marker : BackupMarker.values()) {
                if (isOwnFile(directory.resolve(marker.markerName(name)))) {
                    markers.add(marker);
                }
            }
            Path manifest = directory.resolve(name.manifestFile());
            return new StoredBackup(name, Files.size(file), storedChecksum(directory.resolve(name.checksumFile())),
                    isOwnFile(manifest) ? Optional.of(BackupManifest.fromJson(Files.readAllBytes(manifest))) : Optional.empty(), markers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex digest of a {@code sha256sum} line, for a checksum file beside a backup. */
    static Optional<String> storedChecksum(Path checksumFile) throws IOException {
        if (!isOwnFile(checksumFile)) {
            return Optional.empty();
        }
        String line = Files.readString(checksumFile, StandardCharsets.UTF_8).strip();
        return Optional.of(line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT));
    }

    /**
     * A regular file itself, not a symbolic link: a link named like a backup could otherwise make the
     * service read (download, restore) or trust a file outside its directory.
     */
    static boolean isOwnFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("Could not delete %s: %s", file, e.getMessage());
        }
    }

    private static void writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
    }

    private static void writeSynced(Path file, String content) throws IOException {
        writeSynced(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Written under a hidden name and renamed: a file beside a backup is never seen half-written. */
    private void publishBeside(String name, byte[] content) throws IOException {
        Path temporary = directory.resolve("." + name + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
        try {
            writeSynced(temporary, content);
            Files.move(temporary, directory.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            deleteQuietly(temporary);
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

    /** Closing makes the bytes durable first: a published backup must survive a crash right after its rename. */
    private static final class SyncedOnClose extends java.io.FilterOutputStream {

        private final FileOutputStream file;
        private boolean closed;

        SyncedOnClose(FileOutputStream file) {
            super(file);
            this.file = file;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            file.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    file.getFD().sync();
                } finally {
                    file.close();
                }
            }
        }
    }

    private final class FileBackup implements NewBackup {

        private final BackupName name;
        private final Set<BackupMarker> markers;
        private final Path temporary;
        private final OutputStream out;
        private boolean published;

        FileBackup(BackupName name, Set<BackupMarker> markers, Path temporary) throws IOException {
            this.name = name;
            this.markers = markers;
            this.temporary = temporary;
            this.out = new SyncedOnClose(new FileOutputStream(temporary.toFile()));
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public void publish(String sha256, BackupManifest manifest) {
            try {
                out.close();
            } catch (IOException e) {
                throw new BackupWriteFailedException(e);
            }
            adopt(name, temporary, markers, sha256, manifest);
            published = true;
        }

        @Override
        public void close() {
            if (!published) {
                try {
                    out.close();
                } catch (IOException e) {
                    Log.debugf("Closing an unfinished backup file: %s", e.getMessage());
                }
                deleteQuietly(temporary);
            }
        }
    }
}
