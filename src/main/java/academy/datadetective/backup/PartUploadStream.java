package academy.datadetective.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cuts what is written into parts of a multipart upload. A full part goes to a thread of its own for upload
 * while the next one fills, and the two buffers change places: at most {@link #MAX_BUFFERS} ever exist, so
 * memory stays the same whatever the size of the backup, and a slow store slows the writer down. Bytes that
 * never fill a part stay in the buffer ({@link #parts()} is 0), for the caller to store as one object.
 */
final class PartUploadStream extends OutputStream {

    /** S3 wants at least 5 MiB in every part but the last, and at most 10,000 parts: 8 MiB parts reach 78 GiB. */
    static final int PART_SIZE = 8 * 1024 * 1024;
    /** The part being filled and the part being uploaded. */
    static final int MAX_BUFFERS = 2;

    @FunctionalInterface
    interface PartUploader {
        /** Called on the upload thread, one part after the other, numbered from 1. */
        void upload(int partNumber, byte[] bytes, int length);
    }

    private final PartUploader uploader;
    private final String threadName;
    private ExecutorService uploads;
    private Future<?> inFlight;
    private byte[] inFlightBuffer;
    private byte[] spare;
    private byte[] buffer;
    private int count;
    private int parts;
    private long size;
    private int buffersAllocated;
    private Throwable failure;
    private boolean closed;

    PartUploadStream(PartUploader uploader, String threadName) {
        this.uploader = uploader;
        this.threadName = threadName;
        buffer = allocate();
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == PART_SIZE) {
            handOff();
        }
        buffer[count++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        while (length > 0) {
            // Only when more bytes come: a backup of exactly one part is still one object.
            if (count == PART_SIZE) {
                handOff();
            }
            int n = Math.min(length, PART_SIZE - count);
            System.arraycopy(bytes, offset, buffer, count, n);
            count += n;
            size += n;
            offset += n;
            length -= n;
        }
    }

    /** Uploads the last part, if any part was uploaded, and waits for the uploads; rethrows their failure each time. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                // After a failed part nothing more goes up: the caller aborts the upload.
                throwFailure();
                if (parts > 0 && count > 0) {
                    handOff();
                }
                awaitInFlight();
            } finally {
                stopUploads();
            }
        }
        throwFailure();
    }

    /** Ends without a last part: waits for the part on its way, so that none lands after the upload is aborted. */
    void abandon() {
        closed = true;
        try {
            awaitInFlight();
        } catch (IOException e) {
            // Abandoned because of this or another failure; the caller aborts the upload either way.
        } finally {
            stopUploads();
        }
    }

    int parts() {
        return parts;
    }

    long size() {
        return size;
    }

    /** The bytes of a backup smaller than one part, all of it; only while {@link #parts()} is 0. */
    byte[] buffer() {
        return buffer;
    }

    int buffered() {
        return count;
    }

    /** For the test that holds the memory to {@link #MAX_BUFFERS} part buffers. */
    int buffersAllocated() {
        return buffersAllocated;
    }

    private void handOff() throws IOException {
        awaitInFlight();
        if (uploads == null) {
            uploads = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, threadName);
                thread.setDaemon(true);
                return thread;
            });
        }
        int partNumber = ++parts;
        byte[] full = buffer;
        int length = count;
        inFlight = uploads.submit(() -> uploader.upload(partNumber, full, length));
        inFlightBuffer = full;
        buffer = spare != null ? spare : allocate();
        spare = null;
        count = 0;
    }

    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("Interrupted while a part of the backup was uploaded");
        }
        inFlight = null;
        spare = inFlightBuffer;
        inFlightBuffer = null;
        throwFailure();
    }

    private void ensureOpen() throws IOException {
        throwFailure();
        if (closed) {
            throw new IOException("The backup's upload stream is closed");
        }
    }

    /** A new exception each time: try-with-resources adds close()'s to write()'s, and one cannot suppress itself. */
    private void throwFailure() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    private byte[] allocate() {
        buffersAllocated++;
        return new byte[PART_SIZE];
    }

    private void stopUploads() {
        if (uploads != null) {
            uploads.shutdown();
        }
    }
}
