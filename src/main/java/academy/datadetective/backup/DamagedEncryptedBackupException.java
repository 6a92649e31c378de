package academy.datadetective.backup;

import java.io.IOException;

/**
 * An encrypted backup that is not an intact OpenPGP message: cut off, damaged, tampered with, or without integrity
 * protection. Thrown by {@link BackupDecryptionKeys#decrypt} and by every read of the stream it returns, at the
 * latest by the read that would return -1, so a restore that reads to the end never commits what failed the check.
 * An IOException so that it passes through the gzip and line readers above it unchanged; a failure of the
 * underlying stream itself (disk, network) is never turned into this.
 */
final class DamagedEncryptedBackupException extends IOException {

    DamagedEncryptedBackupException(String reason) {
        super("the encrypted backup is damaged: " + reason);
    }

    DamagedEncryptedBackupException(String reason, Throwable cause) {
        super("the encrypted backup is damaged: " + reason, cause);
    }

    /** Bouncy Castle reports some malformed packets (a point off the curve, an unknown version) with runtime exceptions. */
    static DamagedEncryptedBackupException malformed(RuntimeException e) {
        return new DamagedEncryptedBackupException("it holds a malformed packet (" + e.getMessage() + ")", e);
    }
}
