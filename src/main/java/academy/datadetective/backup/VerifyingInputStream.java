package academy.datadetective.backup;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

import academy.datadetective.common.Sha256;

/**
 * A stored backup's bytes on their way to a client, checked against the SHA-256 kept beside them: a mismatch
 * fails the read of the last byte, so that the transfer breaks off instead of completing with damaged bytes.
 */
final class VerifyingInputStream extends BlockFilterInputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private final String expected;
    private final String label;
    private boolean checked;

    VerifyingInputStream(InputStream in, String expected, String label) {
        super(in);
        this.expected = expected;
        this.label = label;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        int count = in.read(bytes, offset, length);
        if (count > 0) {
            digest.update(bytes, offset, count);
        } else if (count == -1 && !checked) {
            checked = true;
            String actual = Sha256.hex(digest);
            if (!actual.equals(expected)) {
                throw new IOException(label + " does not match its SHA-256 (stored " + expected + ", read " + actual + ")");
            }
        }
        return count;
    }
}
