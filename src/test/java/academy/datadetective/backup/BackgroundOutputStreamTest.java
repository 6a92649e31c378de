package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BackgroundOutputStreamTest {

    @Test
    void everythingWrittenArrivesInOrderOnceClosed() throws IOException {
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);
        ClosableSink target = new ClosableSink();
        try (BackgroundOutputStream out = new BackgroundOutputStream(target, "test-writer")) {
            Random sizes = new Random(11);
            int offset = 0;
            while (offset < data.length) {
                if (sizes.nextInt(10) == 0) {
                    out.write(data[offset++]);
                    continue;
                }
                int length = Math.min(data.length - offset, sizes.nextInt(200_000));
                out.write(data, offset, length);
                offset += length;
            }
        }
        assertArrayEquals(data, target.toByteArray());
        assertFalse(target.closed, "the caller owns the target and closes it");
    }

    @Test
    void aFailingTargetFailsTheWriterWithoutEverBlockingIt() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        IOException failure = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(IOException.class, () -> {
            try (BackgroundOutputStream out = new BackgroundOutputStream(full, "test-writer")) {
                byte[] chunk = new byte[100_000];
                // Far more than the queue holds: had the writing thread stopped taking chunks, this would hang.
                for (int i = 0; i < 1_000; i++) {
                    out.write(chunk);
                }
            }
        }));
        assertEquals("No space left on device", failure.getMessage());
    }

    private static final class ClosableSink extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
