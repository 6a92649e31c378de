package academy.datadetective.cli;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import academy.datadetective.config.DatabaseUrl;
import academy.datadetective.config.TestDatabase;
import academy.datadetective.migration.ScratchDatabase;

/**
 * Points the application at a database of its own, since these commands migrate and roll it back.
 * Every launch of a command starts this resource anew; they must all find the same database, so its
 * name lives in a system property (shared by every class loader of the JVM) until {@link #drop()}.
 */
public class ScratchDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static final String NAME_PROPERTY = "datadetective.test.command-database";

    @Override
    public Map<String, String> start() {
        String name = System.getProperty(NAME_PROPERTY);
        ScratchDatabase database = name == null ? ScratchDatabase.create() : ScratchDatabase.named(name);
        System.setProperty(NAME_PROPERTY, database.name());
        DatabaseUrl server = TestDatabase.url();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        server.username().ifPresent(user -> config.put("quarkus.datasource.username", user));
        server.password().ifPresent(password -> config.put("quarkus.datasource.password", password));
        return config;
    }

    @Override
    public void stop() {
    }

    static void drop() {
        String name = System.clearProperty(NAME_PROPERTY);
        if (name != null) {
            ScratchDatabase.named(name).close();
        }
    }
}
