package academy.datadetective.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import academy.datadetective.common.Spans;
import academy.datadetective.common.Sql;
import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.dataset.DatasetTables;

/**
 * Writes the data of one schema as plain SQL that psql can also run: a header, then in one transaction
 * TRUNCATE, a COPY block per table (parents first), the dataset tables dropped and created again each with
 * its COPY block, and the sequences moved past the loaded ids ({@link BackupStatements} has every statement).
 * Every table is read in the caller's snapshot and streamed from COPY TO STDOUT straight into {@code out}, in a
 * span of its own with its rows and bytes.
 */
final class BackupWriter {

    private final Connection connection;
    private final DataTables tables;
    private final Map<String, DatasetSchema> datasetTables;
    private final BackupHeader header;
    private final Spans spans;

    private BackupWriter(Connection connection, DataTables tables, Map<String, DatasetSchema> datasetTables, BackupHeader header,
            Spans spans) {
        this.connection = connection;
        this.tables = tables;
        this.datasetTables = datasetTables;
        this.header = header;
        this.spans = spans;
    }

    /**
     * Counts every table in the caller's snapshot, for the header, before anything is written: the header (its time
     * names the backup) is known before the first byte goes to a destination.
     *
     * @param connection inside a REPEATABLE READ transaction, so that every table comes from one snapshot
     */
    static BackupWriter prepare(Connection connection, String schema, String historyTable, Spans spans) throws SQLException {
        DataTables tables = DataTables.read(connection, schema, historyTable);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (DataTables.Table table : tables.copied()) {
            rows.put(table.name(), DataTables.count(connection, table.quotedName()));
        }
        Map<String, DatasetSchema> datasetTables = new LinkedHashMap<>();
        for (DataTables.DatasetTable table : DataTables.datasetTables(connection, schema)) {
            datasetTables.put(table.name(), DatasetSchema.fromJson(table.schemaJson()));
            rows.put(DatasetTables.SCHEMA + "." + table.name(), DataTables.count(connection, DatasetTables.qualified(table.name())));
        }
        return new BackupWriter(connection, tables, datasetTables,
                new BackupHeader(BackupHeader.FORMAT, schemaVersion(connection, historyTable), Instant.now(), rows), spans);
    }

    BackupHeader header() {
        return header;
    }

    /** The whole backup, header first, streamed from COPY TO STDOUT in the same snapshot. */
    void write(OutputStream out) throws SQLException, IOException {
        Writer text = new OutputStreamWriter(new NonClosingOutputStream(out), StandardCharsets.UTF_8);
        header.write(text);
        text.write(BackupStatements.PSQL_SETTINGS + "\n" + BackupStatements.BEGIN + "\n");
        text.write(BackupStatements.truncate(tables) + "\n");
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (DataTables.Table table : tables.copied()) {
            text.write(BackupStatements.copy(table) + "\n");
            text.flush();
            copyOut(copy, table.name(), "COPY " + table.quotedName() + " (" + table.quotedColumns() + ") TO STDOUT", out);
            text.write(BackupStatements.END_OF_COPY + "\n");
        }
        text.write(BackupStatements.dropDatasetTables() + "\n");
        for (Map.Entry<String, DatasetSchema> table : datasetTables.entrySet()) {
            text.write(BackupStatements.createDatasetTable(table.getKey(), table.getValue()) + "\n");
            text.write(BackupStatements.copyDataset(table.getKey(), table.getValue()) + "\n");
            text.flush();
            copyOut(copy, DatasetTables.SCHEMA + "." + table.getKey(),
                    "COPY " + DatasetTables.qualified(table.getKey()) + " (" + table.getValue().quotedColumnNames() + ") TO STDOUT", out);
            text.write(BackupStatements.END_OF_COPY + "\n");
        }
        for (DataTables.Table table : tables.copied()) {
            for (String column : table.identityColumns()) {
                text.write(BackupStatements.sequenceReset(table, column) + ";\n");
            }
        }
        text.write(BackupStatements.COMMIT + "\n");
        text.flush();
    }

    private void copyOut(CopyManager copy, String table, String statement, OutputStream out) throws SQLException, IOException {
        spans.copy(table, statement, bytes -> copy.copyOut(statement, bytes.counting(out)));
    }

    /** The newest applied version, read in the same snapshot as the data. */
    static String schemaVersion(Connection connection, String historyTable) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT version FROM " + Sql.quote(historyTable)
                        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!row.next()) {
                throw new IllegalStateException("The database has no migration applied; there is nothing to back up");
            }
            return row.getString("version");
        }
    }
}
