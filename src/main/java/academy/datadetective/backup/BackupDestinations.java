package academy.datadetective.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Where backups are kept: the backup directory (unless {@code BACKUP_DIR=off}) and S3-compatible object storage
 * (when a bucket is set), either or both. Every backup goes to all of them; each keeps its own retention.
 */
@ApplicationScoped
public class BackupDestinations {

    static final String DIRECTORY_OFF = "off";

    private final Optional<DirectoryBackupStore> directory;
    private final Optional<S3BackupStore> objectStorage;

    BackupDestinations(BackupConfig config) {
        this.directory = DIRECTORY_OFF.equalsIgnoreCase(config.dir().strip()) ? Optional.empty()
                : Optional.of(new DirectoryBackupStore(Path.of(config.dir())));
        if (directory.isEmpty() && config.s3().bucket().isEmpty()) {
            throw new ConfigurationException("Cannot start: BACKUP_DIR=off needs BACKUP_S3_BUCKET, or backups would be kept nowhere");
        }
        this.objectStorage = config.s3().bucket().map(bucket -> S3BackupStore.fromConfig(config.s3()));
    }

    /** Every destination, the directory first: a local read is the cheaper one. */
    List<BackupStore> all() {
        List<BackupStore> all = new ArrayList<>();
        directory.ifPresent(all::add);
        objectStorage.ifPresent(all::add);
        return all;
    }

    Optional<DirectoryBackupStore> directory() {
        return directory;
    }

    /** Object storage, the offsite destination, when configured. */
    Optional<BackupStore> offsite() {
        return objectStorage.map(BackupStore.class::cast);
    }

    /**
     * A name for a backup of that time that none of the stores has, in either form (clear or encrypted). A store
     * that cannot answer is left out: it will refuse the copy too, and the others must not wait for it.
     */
    static BackupName freeName(List<BackupStore> stores, Instant time, boolean encrypted) {
        return BackupName.next(time, encrypted, candidate -> BackupName.parse(candidate)
                .map(name -> stores.stream().anyMatch(store -> holds(store, name))).orElse(false));
    }

    private static boolean holds(BackupStore store, BackupName name) {
        try {
            return store.find(name).isPresent();
        } catch (RuntimeException e) {
            Log.debugf("%s cannot say whether it holds %s: %s", store.location(), name, e.getMessage());
            return false;
        }
    }

    @PreDestroy
    void close() {
        objectStorage.ifPresent(S3BackupStore::close);
    }
}
