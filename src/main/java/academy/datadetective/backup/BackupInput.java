package academy.datadetective.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.zip.GZIPInputStream;

/**
 * A backup read once, from its first byte to its last: the stored bytes pass a SHA-256 digest on their way
 * to gzip, and the inflated text is read as lines. A restore gets the header, the data and the checksum
 * from this one pass; listing reads the header alone.
 */
final class BackupInput implements AutoCloseable {

    private final String label;
    private final DigestInputStream raw;
    private InputStream inflated;
    private LineReader lines;
    private BackupHeader header;
    private String sha256;

    private BackupInput(String label, InputStream stored) {
        this.label = label;
        this.raw = new DigestInputStream(stored, Sha256.newDigest());
    }

    static BackupInput open(Path file) {
        try {
            return new BackupInput(file.getFileName().toString(), Files.newInputStream(file));
        } catch (IOException e) {
            throw new InvalidBackupException("it is not a readable gzip file");
        }
    }

    /** The stored bytes of a backup, from wherever they are kept; {@code label} names it in messages. */
    static BackupInput of(String label, InputStream stored) {
        return new BackupInput(label, stored);
    }

    /** The backup's name (or file name), for messages. */
    String label() {
        return label;
    }

    /** Read on the first call: gzip's own header, then the backup's. */
    BackupHeader header() {
        if (header == null) {
            try {
                inflated = new GZIPInputStream(new BufferedInputStream(raw, 64 * 1024), 64 * 1024);
                lines = new LineReader(inflated);
                header = BackupHeader.read(lines);
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
     * reading stopped at a failure) is read here, raw and not inflated, so that every byte counts once.
     */
    String sha256() {
        if (sha256 == null) {
            try {
                raw.transferTo(OutputStream.nullOutputStream());
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
