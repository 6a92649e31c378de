package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class PartUploadStreamTest {

    @Test
    void fullPartsGoUpInOrderAndTheLastOneAtClose() throws IOException {
        List<String> uploaded = new CopyOnWriteArrayList<>();
        PartUploadStream stream = new PartUploadStream((number, bytes, length) -> uploaded.add(number + ":" + length), "test-upload");
        try (stream) {
            GeneratedBytes.write(stream, 3L * PartUploadStream.PART_SIZE + 7);
        }

        int part = PartUploadStream.PART_SIZE;
        assertEquals(List.of("1:" + part, "2:" + part, "3:" + part, "4:7"), uploaded);
        assertEquals(PartUploadStream.MAX_BUFFERS, stream.buffersAllocated());
    }

    @Test
    void aBackupOfOnePartStaysInTheBufferForASingleObject() throws IOException {
        PartUploadStream stream = new PartUploadStream((number, bytes, length) -> {
            throw new AssertionError("no part upload for one part");
        }, "test-upload");
        try (stream) {
            GeneratedBytes.write(stream, PartUploadStream.PART_SIZE);
        }

        assertEquals(0, stream.parts());
        assertEquals(PartUploadStream.PART_SIZE, stream.buffered());
        assertEquals(1, stream.buffersAllocated());
    }

    @Test
    void aRefusedPartStopsTheUploadAndIsRethrownByEveryLaterCall() {
        IllegalStateException refused = new IllegalStateException("part 2 refused");
        List<Integer> attempted = new CopyOnWriteArrayList<>();
        PartUploadStream stream = new PartUploadStream((number, bytes, length) -> {
            attempted.add(number);
            if (number == 2) {
                throw refused;
            }
        }, "test-upload");

        IOException thrown = assertThrows(IOException.class, () -> {
            try (OutputStream out = stream) {
                GeneratedBytes.write(out, 10L * PartUploadStream.PART_SIZE);
            }
        });

        assertSame(refused, thrown.getCause());
        assertSame(refused, assertThrows(IOException.class, stream::close).getCause());
        assertEquals(List.of(1, 2), attempted);
    }
}
