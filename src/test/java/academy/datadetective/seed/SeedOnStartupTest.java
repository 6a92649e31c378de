package academy.datadetective.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;

/** What `./mvnw quarkus:dev` does on a new machine: the server seeds its empty database and makes the operators' admin. */
@QuarkusTest
@TestProfile(SeedOnStartupTest.EmptyDatabaseSeeded.class)
class SeedOnStartupTest {

    public static class EmptyDatabaseSeeded extends SeedDatabase.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = super.getConfigOverrides();
            config.put("academy.seed.on-empty-database", "true");
            return config;
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    SeedService seeds;

    @Test
    void anEmptyDatabaseIsSeededOnceAtStartupWithTheBootstrapAdmin() {
        TestSql db = new TestSql(dataSource);
        assertEquals("8 20", db.string("SELECT (SELECT count(*) FROM users) || ' ' || (SELECT count(*) FROM progress)"));
        assertEquals("admin", db.string("SELECT role FROM users WHERE email = '" + SeedDatabase.OPS_EMAIL + "'"));
        Accounts.login("teacher@example.com", "teacher123");
        Accounts.login(SeedDatabase.OPS_EMAIL, SeedDatabase.OPS_PASSWORD);
        Accounts.login(SeedPlan.DEV_ADMIN_EMAIL, SeedPlan.DEV_ADMIN_PASSWORD);

        // What the next start does: the database has accounts, so nothing is added.
        assertTrue(seeds.seedIfEmpty(SeedMode.FULL).isEmpty());
        assertEquals("8 20", db.string("SELECT (SELECT count(*) FROM users) || ' ' || (SELECT count(*) FROM progress)"));
    }
}
