package academy.datadetective.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPException;

/**
 * The plaintext of an encrypted backup, handed out as it is decrypted. Its end (-1) comes only after the integrity
 * check of the whole message has passed (the MDC, or the final tag of AEAD); until then the bytes are unchecked, so a
 * restore commits nothing before this stream, not merely the gzip stream read from it, has returned -1. Closing it
 * closes the encrypted stream.
 */
final class VerifiedPlaintextStream extends InputStream {

    private final InputStream literal;
    private final InputStream decrypted;
    private final PGPEncryptedData message;
    private final CiphertextSource source;
    private final byte[] single = new byte[1];
    private boolean verified;
    private IOException failure;

    VerifiedPlaintextStream(InputStream literal, InputStream decrypted, PGPEncryptedData message, CiphertextSource source) {
        this.literal = literal;
        this.decrypted = decrypted;
        this.message = message;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        return read(single, 0, 1) == -1 ? -1 : single[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        // A reader that goes on after a failure must meet it again, never a clean end.
        if (failure != null) {
            throw failure;
        }
        if (verified) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        try {
            int count = literal.read(bytes, offset, length);
            if (count == -1) {
                verify();
            }
            return count;
        } catch (IOException e) {
            failure = source.classify(e, "it is cut off or its packets are broken");
            throw failure;
        } catch (RuntimeException e) {
            failure = DamagedEncryptedBackupException.malformed(e);
            throw failure;
        }
    }

    private void verify() throws IOException {
        // Reading the decrypted packets to their end makes AEAD check its last tag and feeds the MDC all it covers.
        decrypted.transferTo(OutputStream.nullOutputStream());
        boolean intact;
        try {
            // v1 packets end in an MDC that verify() compares; AEAD has checked every chunk as it was read.
            intact = message.isAEAD() || message.verify();
        } catch (PGPException e) {
            throw new DamagedEncryptedBackupException("its integrity check cannot be read", e);
        }
        if (!intact) {
            throw new DamagedEncryptedBackupException("its integrity check fails: it was changed or cut off after it was encrypted");
        }
        verified = true;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
