package academy.datadetective.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * The offsite copies that an earlier upload failed to make, made after the next backup whose own upload works:
 * the directory's backups that object storage lacks and would keep by its own retention
 * ({@link BackupRotation#missingOffsite}), each read back checked against its SHA-256 on the way.
 */
@ApplicationScoped
class OffsiteCatchUp {

    private final BackupDestinations destinations;
    private final BackupRotation rotation;
    private final BackupMetrics metrics;
    private final BackupEncryption encryption;

    OffsiteCatchUp(BackupDestinations destinations, BackupRotation rotation, BackupMetrics metrics, BackupEncryption encryption) {
        this.destinations = destinations;
        this.rotation = rotation;
        this.metrics = metrics;
        this.encryption = encryption;
    }

    /** The caller holds the backup lock. @return how many copies were made */
    int copyMissing() {
        Optional<BackupStore> offsite = destinations.offsite();
        Optional<DirectoryBackupStore> local = destinations.directory();
        if (offsite.isEmpty() || local.isEmpty()) {
            return 0;
        }
        int copied = 0;
        for (BackupName name : rotation.missingOffsite()) {
            Optional<StoredBackup> stored = local.get().find(name);
            if (stored.isEmpty() || stored.get().sha256().isEmpty()) {
                continue;
            }
            try {
                copy(name, stored.get(), local.get(), offsite.get());
                copied++;
                Log.infof("Copied %s to %s, where an earlier upload had failed", name, offsite.get().location());
            } catch (RuntimeException e) {
                metrics.offsiteFailed();
                Log.warnf("Copying %s to %s failed again: %s", name, offsite.get().location(), e.getMessage());
                break;
            }
        }
        return copied;
    }

    private void copy(BackupName name, StoredBackup stored, DirectoryBackupStore local, BackupStore offsite) {
        String sha256 = stored.sha256().orElseThrow();
        BackupManifest manifest = stored.manifest().orElseGet(() -> {
            try (BackupInput in = BackupInput.of(name, local.open(name), encryption)) {
                return BackupManifest.of(in.header(), Optional.empty());
            }
        });
        try (NewBackup copy = offsite.create(name, stored.markers());
                InputStream in = new VerifyingInputStream(local.open(name), sha256, name.value())) {
            try (OutputStream out = copy.out()) {
                in.transferTo(out);
            }
            copy.publish(sha256, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
