package academy.datadetective.seed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

import academy.datadetective.migration.ScratchDatabaseResource;

/**
 * What the seed tests share, and the learning tests with them (one application for both): a database of their own
 * and a bootstrap administrator.
 */
public final class SeedDatabase {

    /** Throw-away test credentials of the bootstrap administrator. */
    public static final String OPS_EMAIL = "ops@example.com";
    public static final String OPS_PASSWORD = "ops-test-password";

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
}
