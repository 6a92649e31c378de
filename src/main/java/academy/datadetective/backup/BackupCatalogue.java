package academy.datadetective.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * The backups in the backup directory as operators see them: listed newest first with the facts of their
 * headers, one looked up, resolved to its file or deleted by a name from a request. The files themselves,
 * their checksums and markers are {@link BackupFiles}'; nothing here touches the database.
 */
@ApplicationScoped
public class BackupCatalogue {

    private final BackupConfig config;

    BackupCatalogue(BackupConfig config) {
        this.config = config;
    }

    /** The configured backup directory, absolute. */
    public Path directory() {
        return Path.of(config.dir()).toAbsolutePath().normalize();
    }

    /** Newest first; a backup whose header cannot be read is left out (and logged), not an error of the list. */
    public List<BackupInfo> list() {
        BackupFiles files = files();
        List<BackupInfo> backups = new ArrayList<>();
        for (BackupName name : files.names().stream().sorted(BackupName.CHRONOLOGICAL.reversed()).toList()) {
            try {
                backups.add(info(files, directory().resolve(name.value())));
            } catch (InvalidBackupException | RefusedBackupException | UncheckedIOException e) {
                Log.warnf("Backup %s is unreadable: %s", name, e.getMessage());
            }
        }
        return backups;
    }

    public BackupInfo get(String name) {
        return info(files(), resolve(name));
    }

    /** The file of a backup named by a request: only a name of this service's pattern, only in the directory. */
    public Path resolve(String name) {
        return files().resolve(name);
    }

    public void delete(String name) {
        files().delete(name);
    }

    private BackupFiles files() {
        return new BackupFiles(directory());
    }

    private static BackupInfo info(BackupFiles files, Path file) {
        BackupHeader header;
        try (BackupInput in = BackupInput.open(file)) {
            header = in.header();
        }
        try {
            BackupName name = BackupName.parse(file.getFileName().toString()).orElseThrow();
            return new BackupInfo(name.value(), Files.size(file), header.createdAt(), header.schemaVersion(),
                    header.rows(), BackupFiles.storedChecksum(file), files.isUpload(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
