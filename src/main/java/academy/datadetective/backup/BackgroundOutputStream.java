package academy.datadetective.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands what is written to a thread of its own that writes it on to {@code target}, so that reading the
 * database (the caller's thread) and compressing (that thread) run at the same time, as {@code pg_dump |
 * gzip} runs in two processes. At most {@link #QUEUED} chunks wait between the two: memory stays bounded
 * whatever the size of the backup, and a slow target slows the reader down. {@link #close} waits until
 * everything is written, never closes {@code target}, and rethrows the writing thread's failure.
 */
final class BackgroundOutputStream extends OutputStream {

    private static final int CHUNK = 64 * 1024;
    private static final int QUEUED = 8;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread writer;
    private volatile IOException failure;
    /** Thrown to the caller once: a second throw of the same exception from close() would suppress itself. */
    private boolean failureThrown;
    private byte[] buffer = new byte[CHUNK];
    private int count;
    private boolean closed;

    BackgroundOutputStream(OutputStream target, String threadName) {
        writer = new Thread(() -> {
            boolean writing = true;
            try {
                for (byte[] chunk = queue.take(); chunk != END; chunk = queue.take()) {
                    if (writing) {
                        try {
                            target.write(chunk);
                        } catch (IOException | RuntimeException e) {
                            failure = e instanceof IOException io ? io : new IOException(e);
                            // Go on taking chunks, so that the caller never waits on a full queue; it sees the failure.
                            writing = false;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName);
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(int b) throws IOException {
        if (count == CHUNK) {
            handOff();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (count == CHUNK) {
                handOff();
            }
            int n = Math.min(length, CHUNK - count);
            System.arraycopy(bytes, offset, buffer, count, n);
            count += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (count > 0 && failure == null) {
                handOff();
            }
        } finally {
            try {
                queue.put(END);
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writer.interrupt();
                throw new InterruptedIOException("Interrupted while the backup was written");
            }
        }
        if (failure != null && !failureThrown) {
            failureThrown = true;
            throw failure;
        }
    }

    private void handOff() throws IOException {
        if (failure != null) {
            failureThrown = true;
            throw failure;
        }
        byte[] chunk = count == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, count);
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while the backup was written");
        }
        buffer = new byte[CHUNK];
        count = 0;
    }
}
