package academy.datadetective.migration;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import academy.datadetective.config.DatabaseUrl;
import academy.datadetective.config.TestDatabase;

/**
 * Points the application at a database of its own, for tests that migrate, roll back or clear it. The
 * database lives as long as the test profile's application.
 */
public class ScratchDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private ScratchDatabase database;

    @Override
    public Map<String, String> start() {
        database = ScratchDatabase.create();
        DatabaseUrl server = TestDatabase.url();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        server.username().ifPresent(user -> config.put("quarkus.datasource.username", user));
        server.password().ifPresent(password -> config.put("quarkus.datasource.password", password));
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
