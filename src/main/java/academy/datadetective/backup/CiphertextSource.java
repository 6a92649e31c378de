package academy.datadetective.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The encrypted bytes as they come from a disk or a bucket. It remembers its own read failures, so that a broken
 * connection reaches the caller as itself while every other failure to read the message is damage.
 */
final class CiphertextSource extends FilterInputStream {

    private IOException failure;

    CiphertextSource(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        try {
            return super.read(bytes, offset, length);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long skip(long count) throws IOException {
        try {
            return super.skip(count);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** {@code e}, raised while the message was read, as the caller should see it: this source's own failure, or damage. */
    IOException classify(IOException e, String reason) {
        if (e instanceof DamagedEncryptedBackupException) {
            return e;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause == failure) {
                return failure;
            }
        }
        return new DamagedEncryptedBackupException(reason + " (" + e.getMessage() + ")", e);
    }
}
