package academy.datadetective.dataset;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import academy.datadetective.common.Sql;

/**
 * The tables that hold datasets' rows, all in one schema of their own (migration V6): the one place that
 * knows their schema and turns their names into SQL. Upload, delete, seed's clear, backup and restore use it.
 */
public final class DatasetTables {

    public static final String SCHEMA = "academy_datasets";

    /** The shape the database enforces on {@code datasets.table_name}; checked again before any name becomes SQL. */
    private static final Pattern TABLE_NAME = Pattern.compile("dataset_[0-9]+");

    private DatasetTables() {
    }

    /** {@code "academy_datasets"."dataset_7"}. */
    public static String qualified(String tableName) {
        return in(SCHEMA, tableName);
    }

    /** The table in another schema, such as a restore's scratch schema. */
    public static String in(String schema, String tableName) {
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("Not a dataset table name: " + tableName);
        }
        return Sql.quote(schema) + "." + Sql.quote(tableName);
    }

    public static void create(Connection connection, String qualifiedName, DatasetSchema schema) throws SQLException {
        Sql.execute(connection, "CREATE TABLE " + qualifiedName + " (" + schema.columnDefinitions() + ")");
    }

    /** Drops every table of the dataset schema, listed or not in {@code datasets}; answers how many. */
    public static int dropAll(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = '"
                        + SCHEMA + "' ORDER BY tablename")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        if (!tables.isEmpty()) {
            // Names come from PostgreSQL's own quoting of catalogue entries.
            Sql.execute(connection, "DROP TABLE " + String.join(", ", tables));
        }
        return tables.size();
    }

    /** The same as {@link #dropAll}, as SQL for psql to run when it restores a backup file. */
    public static String dropAllStatement() {
        return "DO $$DECLARE t text; BEGIN FOR t IN SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = '"
                + SCHEMA + "' LOOP EXECUTE 'DROP TABLE ' || t; END LOOP; END$$;";
    }

}
