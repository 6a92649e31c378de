package academy.datadetective.migration;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import academy.datadetective.config.DatabaseUrl;
import academy.datadetective.config.TestDatabase;

/**
 * Points the application at a database of its own, for tests that migrate, roll back or clear it. By
 * default the database lives as long as the test profile's application. With the init argument
 * {@value #SHARED_KEY}, it outlives each start instead: every launch of a {@code @QuarkusMainTest} starts
 * this resource anew and must find the same database, so its name lives in a system property (shared by
 * every class loader of the JVM) until {@link #drop(String)}.
 */
public class ScratchDatabaseResource implements QuarkusTestResourceLifecycleManager {

    public static final String SHARED_KEY = "shared-key";

    private String sharedKey;
    private ScratchDatabase database;

    @Override
    public void init(Map<String, String> initArgs) {
        sharedKey = initArgs.get(SHARED_KEY);
    }

    @Override
    public Map<String, String> start() {
        if (sharedKey == null) {
            database = ScratchDatabase.create();
        } else {
            String name = System.getProperty(property(sharedKey));
            database = name == null ? ScratchDatabase.create() : ScratchDatabase.named(name);
            System.setProperty(property(sharedKey), database.name());
        }
        DatabaseUrl server = TestDatabase.url();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        server.username().ifPresent(user -> config.put("quarkus.datasource.username", user));
        server.password().ifPresent(password -> config.put("quarkus.datasource.password", password));
        return config;
    }

    @Override
    public void stop() {
        if (sharedKey == null && database != null) {
            database.close();
        }
    }

    public static void drop(String sharedKey) {
        String name = System.clearProperty(property(sharedKey));
        if (name != null) {
            ScratchDatabase.named(name).close();
        }
    }

    private static String property(String sharedKey) {
        return "datadetective.test.scratch-database." + sharedKey;
    }
}
