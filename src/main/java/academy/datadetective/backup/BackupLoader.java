package academy.datadetective.backup;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import academy.datadetective.common.Spans;
import academy.datadetective.common.Sql;
import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.dataset.DatasetTables;

/**
 * Loads the COPY blocks of a backup into the tables of a schema built at the backup's version. Only the
 * COPY blocks are read: the SQL around them is for psql, and is never executed from a file here. A block's
 * COPY line must be the one {@link BackupStatements} writes for a table of the schema (its columns exactly)
 * or for a dataset of the file, and every table's row count that of the header. Each table loads in a span of
 * its own with its rows and bytes.
 */
final class BackupLoader {

    private BackupLoader() {
    }

    /**
     * @param lines positioned after the header
     * @param schema the schema of the application tables, emptied, of the backup's version
     * @param tables those of {@code schema}
     * @param datasetSchema where dataset tables are created
     */
    static void load(LineReader lines, BackupHeader header, Connection connection, String schema, DataTables tables,
            String datasetSchema, Spans spans) throws IOException, SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        Map<String, DataTables.Table> tableBlocks = new HashMap<>();
        for (DataTables.Table table : tables.copied()) {
            tableBlocks.put(BackupStatements.copy(table), table);
        }
        // Known once the datasets block is loaded, which the writer puts before every dataset table.
        Map<String, DatasetTable> datasetBlocks = null;
        Map<String, Long> loaded = new HashMap<>();
        boolean committed = false;
        for (String line = lines.readText(); line != null; line = lines.readText()) {
            if (line.equals(BackupStatements.COMMIT)) {
                committed = true;
                continue;
            }
            if (!line.startsWith("COPY ")) {
                continue;
            }
            DataTables.Table table = tableBlocks.get(line);
            if (table != null) {
                loaded.put(table.name(), copyIn(lines, copy, spans, "COPY " + Sql.quote(schema) + "." + table.quotedName() + " ("
                        + table.quotedColumns() + ") FROM STDIN", table.name()));
                continue;
            }
            if (datasetBlocks == null) {
                datasetBlocks = datasetBlocks(connection, schema);
            }
            DatasetTable dataset = datasetBlocks.get(line);
            if (dataset == null) {
                throw new InvalidBackupException("its block \"" + BackupCheck.abbreviated(line)
                        + "\" is neither a table of schema version " + header.schemaVersion() + " with its columns nor a dataset table of its datasets");
            }
            loaded.put(DatasetTables.SCHEMA + "." + dataset.name(), loadDatasetTable(lines, copy, spans, connection, datasetSchema, dataset));
        }
        if (!committed) {
            throw new InvalidBackupException("it ends before its final COMMIT (cut off)");
        }
        for (Map.Entry<String, Long> expected : header.rows().entrySet()) {
            long actual = loaded.getOrDefault(expected.getKey(), -1L);
            if (actual != expected.getValue()) {
                throw new InvalidBackupException("table " + expected.getKey() + " has " + Math.max(actual, 0) + " rows, the header says "
                        + expected.getValue());
            }
        }
        List<String> unannounced = loaded.keySet().stream().filter(name -> !header.rows().containsKey(name)).toList();
        if (!unannounced.isEmpty()) {
            throw new InvalidBackupException("tables " + unannounced + " are not in its header");
        }
        if (datasetBlocks == null) {
            datasetBlocks = datasetBlocks(connection, schema);
        }
        for (DatasetTable dataset : datasetBlocks.values()) {
            if (!loaded.containsKey(DatasetTables.SCHEMA + "." + dataset.name())) {
                throw new InvalidBackupException("it has no rows for dataset table " + dataset.name() + ", which its datasets name");
            }
        }
    }

    /** A dataset's table and its columns, from the dataset's row loaded from the same file. */
    private record DatasetTable(String name, DatasetSchema columns) {
    }

    /**
     * The COPY line of each dataset's table, as the writer writes it from the dataset's own row; a dataset whose
     * schema is not valid has none, and its block is refused.
     */
    private static Map<String, DatasetTable> datasetBlocks(Connection connection, String schema) throws SQLException {
        Map<String, DatasetTable> blocks = new LinkedHashMap<>();
        for (DataTables.DatasetTable row : DataTables.datasetTables(connection, schema)) {
            try {
                DatasetTable table = new DatasetTable(row.name(), DatasetSchema.fromJson(row.schemaJson()));
                blocks.put(BackupStatements.copyDataset(table.name(), table.columns()), table);
            } catch (IllegalArgumentException e) {
                throw new InvalidBackupException("dataset table " + row.name() + " is not valid: " + e.getMessage());
            }
        }
        return blocks;
    }

    /**
     * A dataset table is created from its dataset's schema, already loaded from the datasets block before it,
     * never from the CREATE TABLE the file holds for psql.
     */
    private static long loadDatasetTable(LineReader lines, CopyManager copy, Spans spans, Connection connection, String datasetSchema,
            DatasetTable table) throws IOException, SQLException {
        String target = DatasetTables.in(datasetSchema, table.name());
        DatasetTables.create(connection, target, table.columns());
        return copyIn(lines, copy, spans, "COPY " + target + " (" + table.columns().quotedColumnNames() + ") FROM STDIN",
                DatasetTables.SCHEMA + "." + table.name());
    }

    private static long copyIn(LineReader lines, CopyManager copy, Spans spans, String sql, String table) throws IOException, SQLException {
        return spans.copy(table, sql, bytes -> {
            CopyIn in = copy.copyIn(sql);
            try {
                for (byte[] line = lines.readLine(); ; line = lines.readLine()) {
                    if (line == null) {
                        throw new InvalidBackupException("the data of " + table + " is cut off");
                    }
                    if (line.length == 3 && line[0] == '\\' && line[1] == '.' && line[2] == '\n') {
                        return in.endCopy();
                    }
                    in.writeToCopy(line, 0, line.length);
                    bytes.add(line.length);
                }
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        });
    }
}
