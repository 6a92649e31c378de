package academy.datadetective.seed;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.quarkus.test.junit.QuarkusTestProfile;

import academy.datadetective.migration.ScratchDatabaseResource;

/** SQL against the application's database, for facts the API does not show (counts, sequences, tables). */
final class SeedDatabase {

    /** Throw-away test credentials of the bootstrap administrator. */
    static final String OPS_EMAIL = "ops@example.com";
    static final String OPS_PASSWORD = "ops-test-password";

    /**
     * A database of its own, since seeding clears everything, and an operator's bootstrap administrator.
     * Subclasses add what their test is about.
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("academy.seed.bootstrap-admin.email", OPS_EMAIL);
            config.put("academy.seed.bootstrap-admin.password", OPS_PASSWORD);
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScratchDatabaseResource.class));
        }
    }

    private final DataSource dataSource;

    SeedDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of every row, as text. */
    List<String> strings(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
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

    String string(String sql) {
        return strings(sql).get(0);
    }

    long count(String table) {
        return Long.parseLong(string("SELECT count(*) FROM " + table));
    }
}
