package academy.datadetective.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import academy.datadetective.common.Sha256;

/**
 * One backup's bytes on their way to every destination at once: the gzip stream inside an OpenPGP message when a
 * public key is configured, then the SHA-256 of what is stored, then each destination's copy
 * ({@link CopiesOutputStream}); each copy written whole is published under the name, with its checksum and
 * manifest. A taken backup and a stored upload differ only in where their gzip stream comes from.
 */
@ApplicationScoped
class BackupPublisher {

    private final BackupEncryption encryption;

    BackupPublisher(BackupEncryption encryption) {
        this.encryption = encryption;
    }

    /** Where a backup's gzip stream comes from: the writer through gzip, or an upload's file. */
    interface GzipSource {
        void writeTo(OutputStream gzipped) throws IOException, SQLException;
    }

    /** What was published where: the copies kept, and why the others were not. */
    record Published(BackupName name, String sha256, CopiesOutputStream copies) {

        List<BackupStore> keptIn() {
            return copies.written().stream().map(CopiesOutputStream.Copy::store).toList();
        }

        /** The failure to report when a destination did not keep its copy. */
        Optional<BackupIncompleteException> incomplete() {
            return copies.failures().entrySet().stream().findFirst().map(failure -> new BackupIncompleteException(name,
                    keptIn().stream().map(BackupStore::location).toList(), failure.getKey().location(), failure.getValue()));
        }
    }

    /** The key new backups are encrypted to, if any. */
    Optional<String> keyId() {
        return encryption.keyId();
    }

    /** A name no destination has, encrypted when backups are. */
    BackupName freeName(List<BackupStore> stores, Instant time) {
        return BackupDestinations.freeName(stores, time, encryption.encrypts());
    }

    /**
     * @throws RuntimeException the first failure when no copy could be kept (a full disk: 507; object storage: 502)
     */
    Published publish(List<BackupStore> stores, BackupName name, Set<BackupMarker> markers, BackupHeader header, GzipSource source)
            throws SQLException {
        List<CopiesOutputStream.Copy> copies = new ArrayList<>();
        Map<BackupStore, RuntimeException> refused = new LinkedHashMap<>();
        try {
            for (BackupStore store : stores) {
                try {
                    copies.add(new CopiesOutputStream.Copy(store, store.create(name, markers)));
                } catch (RuntimeException e) {
                    // Refused credentials or a bucket out of reach: the other destinations still get their copy.
                    refused.put(store, e);
                }
            }
            if (copies.isEmpty()) {
                throw refused.values().iterator().next();
            }
            CopiesOutputStream stored = new CopiesOutputStream(copies, refused);
            MessageDigest sha256 = Sha256.newDigest();
            try (DigestOutputStream digest = new DigestOutputStream(stored, sha256)) {
                try (OutputStream gzipped = encryption.encrypt(digest)) {
                    source.writeTo(gzipped);
                }
            } catch (IOException e) {
                throw stored.failures().isEmpty() ? new BackupWriteFailedException(e) : stored.failures().values().iterator().next();
            }
            String checksum = Sha256.hex(sha256);
            BackupManifest manifest = BackupManifest.of(header, encryption.keyId());
            for (CopiesOutputStream.Copy copy : stored.written()) {
                try {
                    copy.backup().publish(checksum, manifest);
                } catch (RuntimeException e) {
                    stored.publishFailed(copy, e);
                }
            }
            if (stored.written().isEmpty()) {
                throw stored.failures().values().iterator().next();
            }
            return new Published(name, checksum, stored);
        } finally {
            copies.forEach(copy -> copy.backup().close());
        }
    }
}
