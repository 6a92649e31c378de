package academy.datadetective.backup;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.dataset.DatasetTables;
import academy.datadetective.common.Sql;

/**
 * Every line of SQL a backup file holds, besides its header and its COPY data: {@link BackupWriter} writes
 * exactly these, and {@link BackupCheck} accepts exactly these, so the two cannot drift apart. Anything else
 * in an uploaded file (a psql meta-command such as {@code \!}, a statement on another table) would run when
 * an operator pipes the file into psql, and is refused.
 */
final class BackupStatements {

    /** The one psql meta-command besides the COPY terminator: a failing statement stops the whole file. */
    static final String PSQL_SETTINGS = "\\set ON_ERROR_STOP on";
    static final String BEGIN = "BEGIN;";
    static final String COMMIT = "COMMIT;";
    /** Ends a COPY block, for psql and for the restore alike. */
    static final String END_OF_COPY = "\\.";
    private static final byte[] END_OF_COPY_LINE = (END_OF_COPY + "\n").getBytes(StandardCharsets.US_ASCII);

    /**
     * The longest header or statement line: the writer's longest, a dataset's CREATE TABLE of 50 columns with
     * 63-character names, is under 4 KiB.
     */
    static final int MAX_STATEMENT_LINE = 64 * 1024;
    /**
     * The longest COPY data line, one row: well above any row the service writes (a dataset CSV is at most
     * DATASET_MAX_FILE_SIZE, 5 MiB, in all), and small enough to hold in memory while it passes.
     */
    static final int MAX_DATA_LINE = 16 * 1024 * 1024;

    private BackupStatements() {
    }

    /** Whether a COPY data line as {@link LineReader#readLine()} gives it (newline included; null at the end of the file: no) ends its block. */
    static boolean endsCopy(byte[] line) {
        return Arrays.equals(line, END_OF_COPY_LINE);
    }

    /** Empties every table, derived ones included, at once. */
    static String truncate(DataTables tables) {
        return "TRUNCATE " + String.join(", ", tables.tables().stream().map(DataTables.Table::quotedName).toList())
                + " CONTINUE IDENTITY;";
    }

    static String copy(DataTables.Table table) {
        return copy(table.quotedName(), table.quotedColumns());
    }

    static String copyDataset(String datasetTable, DatasetSchema schema) {
        return copy(DatasetTables.qualified(datasetTable), schema.quotedColumnNames());
    }

    private static String copy(String quotedTable, String quotedColumns) {
        return "COPY " + quotedTable + " (" + quotedColumns + ") FROM stdin;";
    }

    /** psql recreates the dataset tables the restored rows name, after dropping every one there is. */
    static String dropDatasetTables() {
        return DatasetTables.dropAllStatement();
    }

    static String createDatasetTable(String datasetTable, DatasetSchema schema) {
        return "CREATE TABLE " + DatasetTables.qualified(datasetTable) + " (" + schema.columnDefinitions() + ");";
    }

    /**
     * Moves the column's sequence past the loaded ids, but never backwards: an id handed out before the
     * restore (and perhaps still inside an access token) must not be handed out again to someone else.
     * Without the semicolon, since the restore runs it through JDBC too.
     */
    static String sequenceReset(DataTables.Table table, String column) {
        String sequence = "pg_get_serial_sequence('" + table.quotedName().replace("'", "''") + "', '" + column.replace("'", "''") + "')";
        return "SELECT setval(" + sequence + ", GREATEST((SELECT max(" + Sql.quote(column) + ") FROM " + table.quotedName()
                + "), pg_sequence_last_value(" + sequence + "::regclass), 1))";
    }
}
