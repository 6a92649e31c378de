package academy.datadetective.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.postgresql.util.PSQLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;

/**
 * Runs a teacher's query on one dataset table in the sandbox of migration V6: in a transaction that grants
 * the role academy_dataset_reader SELECT on that table alone, then turns read-only, limits the statement's
 * time and calls run_dataset_query (which runs as that role), and is always rolled back, grant included.
 * The query can read that one table and nothing of the application's.
 */
@ApplicationScoped
public class DatasetQueryRunner {

    private static final String QUERY_TIMEOUT_SQLSTATE = "57014";

    private final DataSource dataSource;
    private final DatasetConfig config;
    private final ObjectMapper json = new ObjectMapper();

    DatasetQueryRunner(DataSource dataSource, DatasetConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * @param query one SELECT, already checked by the caller's rules
     * @return at most DATASET_QUERY_MAX_ROWS rows
     * @throws DatasetQueryFailedException when PostgreSQL refuses or cancels the query
     */
    // Outside the caller's transaction: this connection's transaction is rolled back whatever happens.
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public QueryOutput run(String tableName, String query) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                return run(connection, tableName, query);
            } finally {
                connection.rollback();
                // A session-level advisory lock is the one thing a query can leave behind past the rollback,
                // and this connection goes back to the pool.
                connection.setAutoCommit(true);
                DatasetTables.execute(connection, "SELECT pg_advisory_unlock_all()");
            }
        } catch (PSQLException e) {
            if (QUERY_TIMEOUT_SQLSTATE.equals(e.getSQLState())) {
                throw new DatasetQueryFailedException("it ran longer than " + config.queryTimeout().toMillis() + " ms");
            }
            throw new DatasetQueryFailedException(e.getServerErrorMessage() != null ? e.getServerErrorMessage().getMessage() : e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run a dataset query: " + e.getMessage(), e);
        }
    }

    private QueryOutput run(Connection connection, String tableName, String query) throws SQLException {
        String table = DatasetTables.qualified(tableName);
        // Serialises queries on one table: concurrent GRANTs on one table can fail with "tuple concurrently updated".
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "academy:dataset-query:" + tableName);
            lock.execute();
        }
        DatasetTables.execute(connection, "GRANT SELECT ON " + table + " TO academy_dataset_reader");
        DatasetTables.execute(connection, "SET TRANSACTION READ ONLY");
        DatasetTables.execute(connection, "SET LOCAL statement_timeout = " + config.queryTimeout().toMillis());
        try (PreparedStatement statement = connection.prepareStatement("SELECT run_dataset_query(?, ?)")) {
            statement.setString(1, query);
            statement.setInt(2, config.queryMaxRows());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                QueryOutput output = output(row.getString(1));
                Log.debugf("Dataset query on %s returned %d rows", tableName, output.rows().size());
                return output;
            }
        }
    }

    private QueryOutput output(String rowsJson) {
        try {
            JsonNode rows = json.readTree(rowsJson);
            List<String> columns = new ArrayList<>();
            if (!rows.isEmpty()) {
                rows.get(0).fieldNames().forEachRemaining(columns::add);
            }
            List<List<Object>> values = new ArrayList<>(rows.size());
            for (JsonNode row : rows) {
                List<Object> value = new ArrayList<>(columns.size());
                for (String column : columns) {
                    value.add(json.treeToValue(row.get(column), Object.class));
                }
                values.add(value);
            }
            return new QueryOutput(columns, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
