package academy.datadetective.seed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;

/** Where default accounts are not allowed (the prod default), neither startup nor a plain seed creates them. */
@QuarkusTest
@TestProfile(ProductionSeedRefusalTest.DefaultAccountsNotAllowed.class)
class ProductionSeedRefusalTest {

    public static class DefaultAccountsNotAllowed extends SeedDatabase.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = super.getConfigOverrides();
            config.put("academy.seed.default-accounts-allowed", "false");
            config.put("academy.seed.on-empty-database", "true");
            config.put("academy.seed.dev-admin", "false");
            return config;
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void seedingDefaultAccountsIsRefusedWithTheReasonUnlessForced() {
        TestSql db = new TestSql(dataSource);
        // Startup made only the operators' admin, not the sample academy.
        assertEquals("1", db.string("SELECT count(*) FROM users"));
        String admin = Accounts.login(SeedDatabase.OPS_EMAIL, SeedDatabase.OPS_PASSWORD).accessToken();

        given().auth().oauth2(admin).queryParam("mode", "minimal").when().post("/admin/seed")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("passwords are published"))
                .body("detail", containsString("force=true"));
        assertEquals("1", db.string("SELECT count(*) FROM users"));

        given().auth().oauth2(admin).queryParam("mode", "minimal").queryParam("force", "true").when().post("/admin/seed")
                .then().statusCode(200);
        Accounts.login("teacher@example.com", "teacher123");
        assertEquals("0", db.string("SELECT count(*) FROM users WHERE email = '" + SeedPlan.DEV_ADMIN_EMAIL + "'"));
    }
}
