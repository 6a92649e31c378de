package academy.datadetective.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.dataset.DatasetTables;

/**
 * Reads a whole backup file and accepts it only if it is, line by line, what {@link BackupWriter} writes for
 * the tables and columns of the backup's schema version: the same statements ({@link BackupStatements}) in
 * the same order, COPY rows with as many fields as the table has columns and as many rows as the header
 * says, each dataset table created from its own row in the {@code datasets} block, and nothing after the
 * COMMIT. The README's emergency restore pipes a backup into psql, so a file accepted here can run nothing
 * the service would not run itself.
 */
final class BackupCheck {

    /** How far a header's creation time may lie ahead of this server's clock (another replica's clock). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final LineReader lines;
    private final DataTables tables;
    private final Map<String, Long> rows = new LinkedHashMap<>();
    /** The CREATE TABLE line each dataset of the file needs, and the table it creates. */
    private final Map<String, String> datasetTableCreations = new HashMap<>();
    private final Map<String, DatasetSchema> datasetSchemas = new HashMap<>();

    private BackupCheck(LineReader lines, DataTables tables) {
        this.lines = lines;
        this.tables = tables;
    }

    /**
     * @param header read from {@code lines}, which stand at the first line after it
     * @param tables the application's tables at the header's schema version
     * @throws RefusedBackupException at the first line that the writer would not have written
     */
    static void check(BackupHeader header, LineReader lines, DataTables tables, Instant now) throws IOException {
        if (header.createdAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw new RefusedBackupException("its creation time " + header.createdAt() + " lies in the future");
        }
        new BackupCheck(lines, tables).statements(header);
    }

    private void statements(BackupHeader header) throws IOException {
        expect(BackupStatements.PSQL_SETTINGS);
        expect(BackupStatements.BEGIN);
        expect(BackupStatements.truncate(tables));
        for (DataTables.Table table : tables.copied()) {
            expect(BackupStatements.copy(table));
            rows.put(table.name(), copyData(table));
        }
        expect(BackupStatements.dropDatasetTables());
        String line = statement();
        while (datasetTableCreations.containsKey(line)) {
            String table = datasetTableCreations.remove(line);
            DatasetSchema schema = datasetSchemas.get(table);
            expect(BackupStatements.copyDataset(table, schema));
            rows.put(DatasetTables.SCHEMA + "." + table, skipData(table, schema.columns().size()));
            line = statement();
        }
        if (!datasetTableCreations.isEmpty()) {
            throw new RefusedBackupException("dataset tables " + datasetTableCreations.values().stream().sorted().toList()
                    + " are not created where the datasets name them, or \"" + abbreviated(line) + "\" is not a statement it writes");
        }
        for (DataTables.Table table : tables.copied()) {
            for (String column : table.identityColumns()) {
                expect(line, BackupStatements.sequenceReset(table, column) + ";");
                line = statement();
            }
        }
        expect(line, BackupStatements.COMMIT);
        if (lines.readText() != null) {
            throw new RefusedBackupException("it goes on after its final COMMIT");
        }
        if (!rows.equals(header.rows())) {
            throw new RefusedBackupException("its header's row counts " + header.rows() + " are not those of its data " + rows);
        }
    }

    private String statement() throws IOException {
        String line = lines.readText();
        if (line == null) {
            throw new InvalidBackupException("it ends before its final COMMIT (cut off)");
        }
        return line;
    }

    private void expect(String expected) throws IOException {
        expect(statement(), expected);
    }

    private static void expect(String line, String expected) {
        if (!line.equals(expected)) {
            throw new RefusedBackupException("\"" + abbreviated(line) + "\" is not what it writes there (\"" + abbreviated(expected) + "\")");
        }
    }

    /** Counts the rows of a COPY block; the datasets' rows also tell which dataset tables must follow, and how. */
    private long copyData(DataTables.Table table) throws IOException {
        if (!table.name().equals("datasets")) {
            return skipData(table.name(), table.columns().size());
        }
        int tableName = table.columns().indexOf("table_name");
        int schemaJson = table.columns().indexOf("schema_json");
        long count = 0;
        for (byte[] row = dataLine(table.name()); row != null; row = dataLine(table.name())) {
            String[] fields = fields(row, table.name(), table.columns().size());
            String name = CopyText.decode(fields[tableName]);
            String json = CopyText.decode(fields[schemaJson]);
            if (name == null || json == null) {
                throw new RefusedBackupException("a dataset has no table name or column schema");
            }
            try {
                DatasetSchema schema = DatasetSchema.fromJson(json);
                if (datasetTableCreations.put(BackupStatements.createDatasetTable(name, schema), name) != null) {
                    throw new RefusedBackupException("two datasets name table " + name);
                }
                datasetSchemas.put(name, schema);
            } catch (IllegalArgumentException e) {
                throw new RefusedBackupException("a dataset's table name or column schema is not one the service writes");
            }
            count++;
        }
        return count;
    }

    private long skipData(String table, int columns) throws IOException {
        long count = 0;
        for (byte[] row = dataLine(table); row != null; row = dataLine(table)) {
            int fields = 1;
            for (int i = 0; i < row.length - 1; i++) {
                if (row[i] == '\t') {
                    fields++;
                }
            }
            if (fields != columns) {
                throw new RefusedBackupException("a row of " + table + " has " + fields + " fields, not " + columns);
            }
            count++;
        }
        return count;
    }

    /** The next row of a COPY block, or null at its terminator. */
    private byte[] dataLine(String table) throws IOException {
        byte[] line = lines.readLine();
        if (line == null) {
            throw new InvalidBackupException("the data of " + table + " is cut off");
        }
        return BackupStatements.endsCopy(line) ? null : line;
    }

    private static String[] fields(byte[] row, String table, int columns) {
        String[] fields = new String(row, 0, row.length - 1, StandardCharsets.UTF_8).split("\t", -1);
        if (fields.length != columns) {
            throw new RefusedBackupException("a row of " + table + " has " + fields.length + " fields, not " + columns);
        }
        return fields;
    }

    static String abbreviated(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }

    /** Values in COPY's text format, as PostgreSQL writes them. */
    static final class CopyText {

        private CopyText() {
        }

        /** The value of one field; {@code \N} (NULL) is null. */
        static String decode(String field) {
            if (field.equals("\\N")) {
                return null;
            }
            StringBuilder value = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c != '\\' || i + 1 == field.length()) {
                    value.append(c);
                    continue;
                }
                char escaped = field.charAt(++i);
                value.append(switch (escaped) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'v' -> '\u000b';
                    default -> escaped;
                });
            }
            return value.toString();
        }
    }
}
