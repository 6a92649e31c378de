package academy.datadetective.backup;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.dataset.DatasetTables;

/**
 * Loads the COPY blocks of a backup into the tables of a schema built at the backup's version. Only the
 * COPY blocks are read: the SQL around them is for psql, and is never executed from a file here. Table
 * and column names must be exactly those of the schema, and every table's row count that of the header.
 */
final class BackupLoader {

    private static final Pattern COPY = Pattern.compile("COPY \"((?:[^\"]|\"\")+)\" \\((.*)\\) FROM stdin;");
    private static final Pattern DATASET_COPY = Pattern.compile("COPY \"" + DatasetTables.SCHEMA + "\"\\.\"(dataset_[0-9]+)\" \\((.*)\\) FROM stdin;");

    private BackupLoader() {
    }

    /**
     * @param lines positioned after the header
     * @param schema the schema of the application tables, emptied, of the backup's version
     * @param tables those of {@code schema}
     * @param datasetSchema where dataset tables are created
     */
    static void load(LineReader lines, BackupHeader header, Connection connection, String schema, DataTables tables,
            String datasetSchema) throws IOException, SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        Map<String, Long> loaded = new HashMap<>();
        boolean committed = false;
        for (String line = lines.readText(); line != null; line = lines.readText()) {
            if (line.equals(BackupStatements.COMMIT)) {
                committed = true;
                continue;
            }
            Matcher dataset = DATASET_COPY.matcher(line);
            if (dataset.matches()) {
                loaded.put(DatasetTables.SCHEMA + "." + dataset.group(1), loadDatasetTable(lines, copy, connection, schema, datasetSchema, dataset));
                continue;
            }
            Matcher block = COPY.matcher(line);
            if (!block.matches()) {
                continue;
            }
            String name = block.group(1).replace("\"\"", "\"");
            DataTables.Table table = tables.copied().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidBackupException("it holds table " + name + ", which schema version "
                            + header.schemaVersion() + " does not have"));
            if (!block.group(2).equals(table.quotedColumns())) {
                throw new InvalidBackupException("the columns of " + name + " differ from schema version " + header.schemaVersion());
            }
            loaded.put(name, copyIn(lines, copy, "COPY " + DataTables.quote(schema) + "." + table.quotedName() + " ("
                    + table.quotedColumns() + ") FROM STDIN", name));
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
        for (String table : datasetTableNames(connection, schema)) {
            if (!loaded.containsKey(DatasetTables.SCHEMA + "." + table)) {
                throw new InvalidBackupException("it has no rows for dataset table " + table + ", which its datasets name");
            }
        }
    }

    /**
     * A dataset table is created from its dataset's schema, already loaded from the datasets block before it,
     * never from the CREATE TABLE the file holds for psql.
     */
    private static long loadDatasetTable(LineReader lines, CopyManager copy, Connection connection, String schema,
            String datasetSchema, Matcher block)
            throws IOException, SQLException {
        String table = block.group(1);
        DatasetSchema columns;
        try (PreparedStatement statement = connection.prepareStatement("SELECT schema_json::text FROM " + DataTables.quote(schema)
                + ".datasets WHERE table_name = ?")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new InvalidBackupException("it holds dataset table " + table + ", which none of its datasets names");
                }
                columns = DatasetSchema.fromJson(row.getString(1));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidBackupException("the columns of dataset table " + table + " are not valid: " + e.getMessage());
        }
        if (!block.group(2).equals(columns.quotedColumnNames())) {
            throw new InvalidBackupException("the columns of " + table + " differ from its dataset's schema");
        }
        String target = DatasetTables.in(datasetSchema, table);
        DatasetTables.create(connection, target, columns);
        return copyIn(lines, copy, "COPY " + target + " (" + columns.quotedColumnNames() + ") FROM STDIN", table);
    }

    static List<String> datasetTableNames(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name FROM " + DataTables.quote(schema) + ".datasets ORDER BY id")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static long copyIn(LineReader lines, CopyManager copy, String sql, String table) throws IOException, SQLException {
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
            }
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }
}
