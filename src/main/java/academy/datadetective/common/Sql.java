package academy.datadetective.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one way the service quotes an identifier, runs a statement it built itself, and takes a PostgreSQL
 * advisory lock. The locks are transaction-level: they end with the caller's transaction, on every path.
 */
public final class Sql {

    private Sql() {
    }

    /** {@code "name"}, with any double quote in it doubled. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Waits for the lock named {@code key} (hashed to PostgreSQL's number), held to the end of the transaction. */
    public static void lock(Connection connection, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            statement.setString(1, key);
            statement.execute();
        }
    }

    /** Takes the lock if no one holds it; whether it did. */
    public static boolean tryLock(Connection connection, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            statement.setString(1, key);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
