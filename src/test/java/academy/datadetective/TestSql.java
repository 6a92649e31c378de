package academy.datadetective;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** SQL for tests, for facts the API does not show (counts, sequences, catalogues); each call on its own connection. */
public final class TestSql {

    @FunctionalInterface
    public interface ConnectionSource {
        Connection connect() throws SQLException;
    }

    private final ConnectionSource connections;

    public TestSql(ConnectionSource connections) {
        this.connections = connections;
    }

    public TestSql(DataSource dataSource) {
        this(dataSource::getConnection);
    }

    public void execute(String sql) {
        try (Connection connection = connections.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of every row, as text, in the query's order. */
    public List<String> strings(String sql) {
        try (Connection connection = connections.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row. */
    public String string(String sql) {
        return strings(sql).get(0);
    }

    public long count(String table) {
        return Long.parseLong(string("SELECT count(*) FROM " + table));
    }
}
