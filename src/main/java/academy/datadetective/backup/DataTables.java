package academy.datadetective.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import academy.datadetective.common.Sql;

/**
 * The application's tables in one schema as a backup sees them: parents before children (so that rows
 * load with foreign keys checked), each with its stored columns (generated ones are computed again on
 * load and cannot be written) and the identity columns whose sequences must follow the loaded rows; and
 * beside them the dataset tables that the schema's {@code datasets} rows name.
 */
record DataTables(List<Table> tables) {

    /**
     * @param derived rebuilt by triggers from another table (its comment starts with "Derived"): emptied on
     *     restore but never copied, since loading its source rebuilds it and a copy would count twice
     */
    record Table(String name, List<String> columns, List<String> identityColumns, boolean derived) {

        String quotedName() {
            return Sql.quote(name);
        }

        String quotedColumns() {
            return String.join(", ", columns.stream().map(Sql::quote).toList());
        }
    }

    /**
     * A dataset's table as its row in {@code datasets} names it, with the columns of that row's
     * {@code schema_json} (unparsed: a restore refuses a file whose JSON is not a valid schema, a backup
     * trusts its own).
     */
    record DatasetTable(String name, String schemaJson) {
    }

    /** Every table of {@code schema} but Flyway's history, which belongs to the schema, not to the data. */
    static DataTables read(Connection connection, String schema, String historyTable) throws SQLException {
        Map<String, List<String>> columns = new TreeMap<>();
        Map<String, List<String>> identities = new HashMap<>();
        Set<String> derived = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.relname AS table_name, a.attname AS column_name,
                       a.attidentity <> '' OR pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) IS NOT NULL AS is_identity,
                       coalesce(obj_description(c.oid, 'pg_class'), '') LIKE 'Derived%' AS is_derived
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname <> ? AND a.attgenerated = ''
                ORDER BY c.relname, a.attnum""")) {
            statement.setString(1, schema);
            statement.setString(2, historyTable);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString("table_name");
                    String column = rows.getString("column_name");
                    columns.computeIfAbsent(table, name -> new ArrayList<>()).add(column);
                    if (rows.getBoolean("is_derived")) {
                        derived.add(table);
                    }
                    if (rows.getBoolean("is_identity")) {
                        identities.computeIfAbsent(table, name -> new ArrayList<>()).add(column);
                    }
                }
            }
        }
        Map<String, Set<String>> parents = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT child.relname AS child, parent.relname AS parent
                FROM pg_constraint f
                JOIN pg_class child ON child.oid = f.conrelid
                JOIN pg_class parent ON parent.oid = f.confrelid
                JOIN pg_namespace n ON n.oid = f.connamespace
                WHERE f.contype = 'f' AND n.nspname = ?""")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    parents.computeIfAbsent(rows.getString("child"), table -> new TreeSet<>()).add(rows.getString("parent"));
                }
            }
        }
        List<Table> tables = new ArrayList<>();
        for (String name : dependencyOrder(columns.keySet(), parents)) {
            tables.add(new Table(name, List.copyOf(columns.get(name)), List.copyOf(identities.getOrDefault(name, List.of())),
                    derived.contains(name)));
        }
        return new DataTables(List.copyOf(tables));
    }

    /** Parents first, alphabetical among equals so that two backups of one schema list tables alike. */
    static List<String> dependencyOrder(Collection<String> tables, Map<String, Set<String>> parents) {
        Map<String, Set<String>> waitingFor = new LinkedHashMap<>();
        for (String table : new TreeSet<>(tables)) {
            Set<String> own = new TreeSet<>(parents.getOrDefault(table, Set.of()));
            own.remove(table);
            own.retainAll(tables);
            waitingFor.put(table, own);
        }
        List<String> ordered = new ArrayList<>();
        while (!waitingFor.isEmpty()) {
            String next = waitingFor.entrySet().stream().filter(entry -> entry.getValue().isEmpty()).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new IllegalStateException("Foreign keys form a cycle among " + waitingFor.keySet()));
            waitingFor.remove(next);
            waitingFor.values().forEach(waiting -> waiting.remove(next));
            ordered.add(next);
        }
        return ordered;
    }

    /** The tables a backup copies: all but the derived ones. */
    List<Table> copied() {
        return tables.stream().filter(table -> !table.derived()).toList();
    }

    /** The dataset tables of {@code schema}'s datasets, in the order of the datasets' ids. */
    static List<DatasetTable> datasetTables(Connection connection, String schema) throws SQLException {
        List<DatasetTable> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name, schema_json::text AS schema_json FROM "
                        + Sql.quote(schema) + ".datasets ORDER BY id")) {
            while (rows.next()) {
                tables.add(new DatasetTable(rows.getString("table_name"), rows.getString("schema_json")));
            }
        }
        return tables;
    }

    /** The rows of one table, an application table or a dataset's. */
    static long count(Connection connection, String quotedTable) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) AS row_count FROM " + quotedTable)) {
            row.next();
            return row.getLong("row_count");
        }
    }
}
