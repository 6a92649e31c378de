package academy.datadetective.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import academy.datadetective.common.Sql;

/**
 * Empties a schema's application tables and makes them ready to take every row at once, the way
 * pg_restore loads a dump: secondary indexes and foreign keys are dropped before the rows go in and built
 * again after, one sort per index and one join per key instead of an index insertion and a key lookup per
 * row. All of it runs in the caller's transaction, which holds every table exclusively from the first
 * statement (the TRUNCATE) to its end: no one ever sees a table without its indexes or keys, and a failure
 * anywhere, a key the rows break included, rolls all of it back.
 */
final class BulkLoad {

    private final Connection connection;
    private final String schema;
    private final DataTables tables;
    private final List<String> indexes;
    private final List<String> keys;

    private BulkLoad(Connection connection, String schema, DataTables tables, List<String> indexes, List<String> keys) {
        this.connection = connection;
        this.schema = schema;
        this.tables = tables;
        this.indexes = indexes;
        this.keys = keys;
    }

    /** Truncates every table of {@code tables} (derived ones too), then drops their foreign keys and secondary indexes. */
    static BulkLoad begin(Connection connection, String schema, DataTables tables) throws SQLException {
        List<String> names = tables.tables().stream().map(DataTables.Table::name).toList();
        Sql.execute(connection, "TRUNCATE " + qualifiedNames(schema, tables) + " CONTINUE IDENTITY");
        List<String> drop = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, t.relname, c.conname) AS drop_statement,
                       format('ALTER TABLE %I.%I ADD CONSTRAINT %I ', n.nspname, t.relname, c.conname) || pg_get_constraintdef(c.oid)
                           AS create_statement
                FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE c.contype = 'f' AND n.nspname = ? AND t.relname = ANY (?)
                ORDER BY t.relname, c.conname""")) {
            collect(statement, schema, names, drop, keys);
        }
        // Indexes that back a primary key, unique or exclusion constraint stay: keys refer to them, and the
        // constraint would have to be dropped with them.
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT format('DROP INDEX %I.%I', n.nspname, ix.relname) AS drop_statement, pg_get_indexdef(i.indexrelid) AS create_statement
                FROM pg_index i
                JOIN pg_class ix ON ix.oid = i.indexrelid
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = ? AND t.relname = ANY (?)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
                ORDER BY t.relname, ix.relname""")) {
            collect(statement, schema, names, drop, indexes);
        }
        for (String statement : drop) {
            Sql.execute(connection, statement);
        }
        // Index builds sort every row; the server's default (64 MB) would spill millions of rows to disk.
        Sql.execute(connection, "SET LOCAL maintenance_work_mem = '256MB'");
        return new BulkLoad(connection, schema, tables, List.copyOf(indexes), List.copyOf(keys));
    }

    /**
     * Builds the indexes, gathers statistics (so that each key's check, and the first queries after a restore,
     * are planned on the new rows), adds the keys (a key may rest on a unique index), and moves identity
     * sequences past the loaded ids. The sequence statements name their tables as psql runs them, through
     * search_path: it must be the schema's.
     */
    void finish() throws SQLException {
        for (String statement : indexes) {
            Sql.execute(connection, statement);
        }
        Sql.execute(connection, "ANALYZE " + qualifiedNames(schema, tables));
        for (String statement : keys) {
            Sql.execute(connection, statement);
        }
        for (DataTables.Table table : tables.copied()) {
            for (String column : table.identityColumns()) {
                Sql.execute(connection, BackupStatements.sequenceReset(table, column));
            }
        }
    }

    private static String qualifiedNames(String schema, DataTables tables) {
        return String.join(", ", tables.tables().stream().map(table -> Sql.quote(schema) + "." + table.quotedName()).toList());
    }

    private static void collect(PreparedStatement statement, String schema, List<String> names, List<String> drop, List<String> create)
            throws SQLException {
        statement.setString(1, schema);
        statement.setArray(2, statement.getConnection().createArrayOf("text", names.toArray()));
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                drop.add(rows.getString("drop_statement"));
                create.add(rows.getString("create_statement"));
            }
        }
    }

}
