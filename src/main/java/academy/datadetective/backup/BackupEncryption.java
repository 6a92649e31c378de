package academy.datadetective.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The configured OpenPGP keys, read once when the application starts: a configured key that cannot be read stops
 * the start with one line (fail closed: never a silent clear-text backup). The service that takes backups needs
 * only the public key; the private keys, old ones included, only where restores, verifications and drills run.
 */
@ApplicationScoped
@Startup
class BackupEncryption {

    private final Optional<BackupEncryptionKey> encryptionKey;
    private final Optional<BackupDecryptionKeys> decryptionKeys;

    BackupEncryption(BackupConfig config) {
        try {
            // Not Optional.map with method references: linking those loads Bouncy Castle, whose signed jar costs
            // ~100 ms of verification at every start, also where no key is configured (issue 21's start profile).
            BackupConfig.Encryption encryption = config.encryption();
            this.encryptionKey = encryption.publicKeyFile().isEmpty() ? Optional.empty()
                    : Optional.of(BackupEncryptionKey.read(encryption.publicKeyFile().get()));
            this.decryptionKeys = encryption.privateKeyFile().isEmpty() ? Optional.empty()
                    : Optional.of(BackupDecryptionKeys.read(encryption.privateKeyFile().get(), encryption.privateKeyPassphraseFile()));
        } catch (BackupKeyException e) {
            throw new ConfigurationException("Cannot start: " + e.getMessage());
        }
    }

    /** Whether new backups are encrypted. */
    boolean encrypts() {
        return encryptionKey.isPresent();
    }

    /** The id of the key new backups are encrypted to, for their manifest and the listing. */
    Optional<String> keyId() {
        return encryptionKey.map(BackupEncryptionKey::keyId);
    }

    /**
     * The stored bytes of a new backup: its gzip stream inside an OpenPGP message, or as it is without a key. Closing
     * the returned stream finishes the message but leaves {@code stored} open.
     */
    OutputStream encrypt(OutputStream stored) throws IOException {
        return encryptionKey.isPresent() ? encryptionKey.get().encrypt(stored) : new NonClosingOutputStream(stored);
    }

    /**
     * The gzip stream inside a stored backup that is encrypted; reading it to its end checks the message's integrity.
     *
     * @throws InvalidBackupException when no private key is configured here, or the message is damaged
     */
    InputStream decrypt(String name, InputStream stored) {
        BackupDecryptionKeys keys = decryptionKeys.orElseThrow(() -> new InvalidBackupException(
                name + " is encrypted, and BACKUP_ENCRYPTION_PRIVATE_KEY_FILE is not set where this runs"));
        try {
            return keys.decrypt(stored);
        } catch (DamagedEncryptedBackupException e) {
            throw new InvalidBackupException(e.getMessage());
        } catch (BackupKeyException e) {
            throw new InvalidBackupException(e.getMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
