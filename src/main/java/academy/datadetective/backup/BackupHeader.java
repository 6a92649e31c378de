package academy.datadetective.backup;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The comment block a backup starts with, readable by people ({@code zcat FILE | head}) and by the
 * restore, which checks it before it touches anything.
 */
record BackupHeader(int format, String schemaVersion, Instant createdAt, Map<String, Long> rows) {

    static final int FORMAT = 1;
    static final String FIRST_LINE = "-- Data Detective Academy backup";
    static final String LAST_LINE = "-- end of header";

    long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    void write(Writer out) throws IOException {
        out.write(FIRST_LINE + "\n");
        out.write("-- format: " + format + "\n");
        out.write("-- schema-version: " + schemaVersion + "\n");
        out.write("-- created-at: " + createdAt + "\n");
        for (Map.Entry<String, Long> table : rows.entrySet()) {
            out.write("-- rows: " + table.getKey() + " " + table.getValue() + "\n");
        }
        out.write(LAST_LINE + "\n");
    }

    /** Reads the header lines from {@code lines}, leaving it at the first line after the header. */
    static BackupHeader read(LineReader lines) throws IOException {
        String first = lines.readText();
        if (!FIRST_LINE.equals(first)) {
            throw new InvalidBackupException("not a backup of this service (it does not start with \"" + FIRST_LINE + "\")");
        }
        Integer format = null;
        String schemaVersion = null;
        Instant createdAt = null;
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String line = lines.readText(); !LAST_LINE.equals(line); line = lines.readText()) {
            if (line == null || !line.startsWith("-- ")) {
                throw new InvalidBackupException("the header is incomplete");
            }
            String[] field = line.substring(3).split(": ", 2);
            try {
                switch (field[0]) {
                    case "format" -> format = Integer.parseInt(field[1]);
                    case "schema-version" -> schemaVersion = field[1];
                    case "created-at" -> createdAt = Instant.parse(field[1]);
                    case "rows" -> {
                        String[] count = field[1].split(" ");
                        rows.put(count[0], Long.parseLong(count[1]));
                    }
                    default -> {
                        // a newer format's extra field: the format number below decides whether it matters
                    }
                }
            } catch (RuntimeException e) {
                throw new InvalidBackupException("the header line \"" + line + "\" is malformed");
            }
        }
        if (format == null || schemaVersion == null || createdAt == null) {
            throw new InvalidBackupException("the header lacks its format, schema version or creation time");
        }
        if (format != FORMAT) {
            throw new InvalidBackupException("backup format " + format + " is not readable by this build (format " + FORMAT + ")");
        }
        return new BackupHeader(format, schemaVersion, createdAt, rows);
    }
}
