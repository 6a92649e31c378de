package academy.datadetective.backup;

/**
 * An OpenPGP key that cannot serve, in one line that names the setting and its file. Thrown when a key file is read,
 * so that startup stops rather than a backup being taken in clear text or a restore failing later; and by
 * {@link BackupDecryptionKeys#decrypt} when a backup is encrypted to no key the private key file holds. The message
 * never holds key material or a passphrase.
 */
final class BackupKeyException extends RuntimeException {

    BackupKeyException(String message) {
        super(message);
    }

    BackupKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
