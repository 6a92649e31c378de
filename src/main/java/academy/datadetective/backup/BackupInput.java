package academy.datadetective.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

import academy.datadetective.common.Sha256;

/**
 * A backup read once, from its first byte to its last: the stored bytes pass a SHA-256 digest on their way
 * to OpenPGP decryption (for an encrypted backup) and gzip, and the inflated text is read as lines. A restore
 * gets the header, the data and the checksum from this one pass; listing reads the header alone.
 */
final class BackupInput implements AutoCloseable {

    private final String label;
    private final DigestInputStream raw;
    private final Supplier<InputStream> plain;
    private InputStream decrypted;
    private InputStream inflated;
    private LineReader lines;
    private BackupHeader header;
    private String sha256;

    private BackupInput(String label, boolean encrypted, InputStream stored, BackupEncryption encryption) {
        this.label = label;
        this.raw = new DigestInputStream(stored, Sha256.newDigest());
        this.plain = encrypted ? () -> encryption.decrypt(label, raw) : () -> raw;
    }

    /** A backup file anywhere (the restore command's argument), by whatever name: encrypted when it ends in .gpg. */
    static BackupInput open(Path file, BackupEncryption encryption) {
        String fileName = file.getFileName().toString();
        try {
            return new BackupInput(fileName, fileName.endsWith(".gpg"), Files.newInputStream(file), encryption);
        } catch (IOException e) {
            throw new InvalidBackupException("it is not a readable file");
        }
    }

    /** The stored bytes of a backup, from wherever they are kept. */
    static BackupInput of(BackupName name, InputStream stored, BackupEncryption encryption) {
        return new BackupInput(name.value(), name.encrypted(), stored, encryption);
    }

    /** The backup's name, for messages. */
    String label() {
        return label;
    }

    /** Read on the first call: gzip's own header, then the backup's. */
    BackupHeader header() {
        if (header == null) {
            try {
                decrypted = plain.get();
                inflated = new GZIPInputStream(new BufferedInputStream(decrypted, 64 * 1024), 64 * 1024);
                lines = new LineReader(inflated);
                header = BackupHeader.read(lines);
            } catch (DamagedEncryptedBackupException e) {
                throw new InvalidBackupException(e.getMessage());
            } catch (IOException e) {
                throw new InvalidBackupException("it is not a readable gzip file");
            }
        }
        return header;
    }

    /** The lines after the header. */
    LineReader lines() {
        header();
        return lines;
    }

    /**
     * The SHA-256 of the whole file. Whatever gzip left unread (bytes after its stream, or all of the rest when
     * reading stopped at a failure) is read here and not inflated, so that every byte counts once. An encrypted
     * backup's message is read to its end first: only there is its integrity checked, which gzip, stopping at its
     * own trailer, would never reach.
     *
     * @throws InvalidBackupException when the encrypted message is damaged
     */
    String sha256() {
        if (sha256 == null) {
            try {
                if (decrypted != null && decrypted != raw) {
                    decrypted.transferTo(OutputStream.nullOutputStream());
                }
                raw.transferTo(OutputStream.nullOutputStream());
            } catch (DamagedEncryptedBackupException e) {
                throw new InvalidBackupException(e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sha256 = Sha256.hex(raw.getMessageDigest());
        }
        return sha256;
    }

    @Override
    public void close() {
        try {
            (inflated != null ? inflated : raw).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
