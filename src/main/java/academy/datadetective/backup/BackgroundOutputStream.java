package academy.datadetective.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands what is written to a thread of its own that writes it on to {@code target}, so that reading the
 * database (the caller's thread) and compressing (that thread) run at the same time, as {@code pg_dump |
 * gzip} runs in two processes. The two pass {@link #BUFFERS} buffers back and forth and allocate nothing
 * more: memory stays the same whatever the size of the backup, and a slow target slows the reader down.
 * {@link #close} waits until everything is written, never closes {@code target}, and rethrows the writing
 * thread's failure.
 */
final class BackgroundOutputStream extends OutputStream {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int BUFFERS = 8;
    private static final Chunk END = new Chunk(new byte[0], 0);

    private record Chunk(byte[] bytes, int length) {
    }

    private final BlockingQueue<Chunk> written = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Thread writer;
    private volatile IOException failure;
    /** Thrown to the caller once: a second throw of the same exception from close() would suppress itself. */
    private boolean failureThrown;
    private byte[] buffer;
    private int count;
    private boolean closed;

    BackgroundOutputStream(OutputStream target, String threadName) {
        for (int i = 1; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
        buffer = new byte[BUFFER_SIZE];
        writer = new Thread(() -> {
            boolean writing = true;
            try {
                for (Chunk chunk = written.take(); chunk != END; chunk = written.take()) {
                    if (writing) {
                        try {
                            target.write(chunk.bytes(), 0, chunk.length());
                        } catch (Throwable e) {
                            failure = e instanceof IOException io ? io : new IOException(e);
                            // Go on taking chunks, so that the caller never waits for a buffer; it sees the failure,
                            // an Error included, which would otherwise end this thread and leave the caller waiting.
                            writing = false;
                        }
                    }
                    free.put(chunk.bytes());
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
        if (count == BUFFER_SIZE) {
            handOff();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (count == BUFFER_SIZE) {
                handOff();
            }
            int n = Math.min(length, BUFFER_SIZE - count);
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
                written.put(END);
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
        try {
            written.put(new Chunk(buffer, count));
            buffer = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while the backup was written");
        }
        count = 0;
    }
}
