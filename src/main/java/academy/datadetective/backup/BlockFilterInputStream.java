package academy.datadetective.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter that sees every byte through {@link #read(byte[], int, int)}: the one-byte read and skip go through
 * it too, so that a count or a digest kept there misses none.
 */
abstract class BlockFilterInputStream extends FilterInputStream {

    protected BlockFilterInputStream(InputStream in) {
        super(in);
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public final long skip(long n) throws IOException {
        byte[] skipped = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        return Math.max(read(skipped, 0, skipped.length), 0);
    }

    @Override
    public final boolean markSupported() {
        return false;
    }
}
