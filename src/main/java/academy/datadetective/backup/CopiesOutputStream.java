package academy.datadetective.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.logging.Log;

/**
 * The stored bytes of one new backup, written to every destination at once. A destination whose write fails is
 * dropped, its copy abandoned, while the others go on: a failing upload must not cost the local copy, nor a full
 * disk the offsite one. Only when none is left does writing fail.
 */
final class CopiesOutputStream extends OutputStream {

    /** One destination's copy in the making. */
    record Copy(BackupStore store, NewBackup backup) {
    }

    private final List<Copy> writing;
    private final Map<BackupStore, RuntimeException> failures = new LinkedHashMap<>();
    private long size;

    /** @param refused the destinations that would not even start a copy, and why */
    CopiesOutputStream(List<Copy> copies, Map<BackupStore, RuntimeException> refused) {
        this.writing = new ArrayList<>(copies);
        failures.putAll(refused);
    }

    /** One step of writing a copy's stream. */
    private interface Step {
        void on(OutputStream out) throws IOException;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        size += length;
        everyCopy(out -> out.write(bytes, offset, length));
    }

    @Override
    public void flush() throws IOException {
        everyCopy(OutputStream::flush);
    }

    @Override
    public void close() throws IOException {
        everyCopy(OutputStream::close);
    }

    /** The step on each copy still whole; a copy it fails on is dropped, and only when none is left does it fail. */
    private void everyCopy(Step step) throws IOException {
        for (Copy copy : List.copyOf(writing)) {
            try {
                step.on(copy.backup().out());
            } catch (IOException | RuntimeException e) {
                drop(copy, e);
            }
        }
        failIfNoneLeft();
    }

    /** The copies still whole. */
    List<Copy> written() {
        return List.copyOf(writing);
    }

    /** The bytes each copy holds. */
    long size() {
        return size;
    }

    /** A copy written whole that its destination would not keep. */
    void publishFailed(Copy copy, RuntimeException failure) {
        writing.remove(copy);
        failures.put(copy.store(), failure);
        Log.warnf("Backup copy to %s not kept: %s", copy.store().location(), failure.getMessage());
    }

    /** Why each dropped destination was dropped. */
    Map<BackupStore, RuntimeException> failures() {
        return failures;
    }

    private void drop(Copy copy, Exception cause) {
        writing.remove(copy);
        // An upload's part that failed arrives as an IOException around the store's own exception, which says why.
        RuntimeException failure = cause instanceof RuntimeException runtime ? runtime
                : cause.getCause() instanceof ObjectStorageException storage ? storage
                : cause instanceof IOException io && copy.store() instanceof DirectoryBackupStore ? new BackupWriteFailedException(io)
                : new IllegalStateException("Writing to " + copy.store().location() + " failed: " + cause.getMessage(), cause);
        failures.put(copy.store(), failure);
        Log.warnf("Backup copy to %s abandoned: %s", copy.store().location(), failure.getMessage());
        copy.backup().close();
    }

    private void failIfNoneLeft() throws IOException {
        if (writing.isEmpty()) {
            RuntimeException first = failures.values().iterator().next();
            throw new IOException(first.getMessage(), first);
        }
    }
}
