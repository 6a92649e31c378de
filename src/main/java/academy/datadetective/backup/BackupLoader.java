package academy.datadetective.backup;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Loads the COPY blocks of a backup into the tables of a schema built at the backup's version. Only the
 * COPY blocks are read: the SQL around them is for psql, and is never executed from a file here. Table
 * and column names must be exactly those of the schema, and every table's row count that of the header.
 */
final class BackupLoader {

    private static final Pattern COPY = Pattern.compile("COPY \"((?:[^\"]|\"\")+)\" \\((.*)\\) FROM stdin;");

    private BackupLoader() {
    }

    /** @param lines positioned after the header */
    static void load(LineReader lines, BackupHeader header, Connection connection, String schema, DataTables tables)
            throws IOException, SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        Map<String, Long> loaded = new HashMap<>();
        boolean committed = false;
        for (String line = lines.readText(); line != null; line = lines.readText()) {
            if (line.equals("COMMIT;")) {
                committed = true;
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
