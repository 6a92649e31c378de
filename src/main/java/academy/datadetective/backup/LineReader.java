package academy.datadetective.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a backup as bytes, newline included, so that COPY data passes to PostgreSQL exactly as it
 * was written (text format escapes newlines inside values, so a row is always one line). No line is held
 * beyond its bound: a small gzip file can inflate to one line of gigabytes, which must be refused, not buffered.
 */
final class LineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next COPY data line with its newline, or null at the end; a last line without newline means a cut-off file. */
    byte[] readLine() throws IOException {
        return readLine(BackupStatements.MAX_DATA_LINE, "data line");
    }

    /** The next header or statement line as text without its newline, or null at the end. */
    String readText() throws IOException {
        byte[] bytes = readLine(BackupStatements.MAX_STATEMENT_LINE, "header or statement line");
        return bytes == null ? null : new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
    }

    private byte[] readLine(int maxLength, String what) throws IOException {
        line.reset();
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    break;
                }
            }
            // Only as far as the line may still reach, newline included.
            int end = Math.min(limit, position + maxLength - line.size());
            for (int i = position; i < end; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, position, i + 1 - position);
                    position = i + 1;
                    return line.toByteArray();
                }
            }
            if (line.size() + end - position >= maxLength) {
                throw new RefusedBackupException("a " + what + " is longer than " + maxLength + " bytes");
            }
            line.write(buffer, position, limit - position);
            position = limit;
        }
        if (line.size() > 0) {
            throw new InvalidBackupException("the file ends in the middle of a line (cut off)");
        }
        return null;
    }
}
