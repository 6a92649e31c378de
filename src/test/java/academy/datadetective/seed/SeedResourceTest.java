package academy.datadetective.seed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;
import academy.datadetective.dataset.Datasets;

@QuarkusTest
@TestProfile(SeedDatabase.Profile.class)
class SeedResourceTest {

    private static final List<String> FULL_ACCOUNTS = List.of("teacher@example.com", "alice@example.com", "bob@example.com",
            "charlie@example.com", "diana@example.com", "eve@example.com", SeedPlan.DEV_ADMIN_EMAIL, SeedDatabase.OPS_EMAIL);
    private static final List<String> MINIMAL_ACCOUNTS = List.of("teacher@example.com", "alice@example.com", "bob@example.com",
            SeedPlan.DEV_ADMIN_EMAIL, SeedDatabase.OPS_EMAIL);
    private static final String ALL_LEARNING_ROWS = "(SELECT count(*) FROM progress) || '/' || (SELECT count(*) FROM attempts)"
            + " || '/' || (SELECT count(*) FROM hints)";

    @Inject
    DataSource dataSource;

    @Inject
    SeedService seeds;

    private TestSql db;

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void startFromAnEmptyAcademy() {
        db = new TestSql(dataSource);
        seed(Map.of("clear", "true", "confirm", "delete-all-data", "mode", "minimal")).then().statusCode(200);
        db.execute("TRUNCATE progress, attempts, hints");
        db.execute("DELETE FROM users WHERE email <> '" + SeedDatabase.OPS_EMAIL + "'");
    }

    @Test
    void fullSeedCreatesTheDocumentedAccountsWithWorkingPasswords() {
        JsonPath report = seed(Map.of("mode", "full")).then().statusCode(200)
                .body("mode", equalTo("full"))
                .body("cleared", equalTo(false))
                .extract().jsonPath();
        assertEquals(FULL_ACCOUNTS, report.getList("accounts.email"));
        assertEquals(List.of("teacher", "student", "student", "student", "student", "student", "admin", "admin"),
                report.getList("accounts.role"));
        assertEquals(List.of("Ms. Johnson", "Alice Cooper", "Bob Smith", "Charlie Davis", "Diana Martinez", "Eve Thompson"),
                report.getList("accounts.name").subList(0, 6));
        // The bootstrap administrator existed already; everything else is new.
        assertEquals(List.of(true, true, true, true, true, true, true, false), report.getList("accounts.created"));

        Accounts.login("teacher@example.com", "teacher123");
        for (String student : List.of("alice", "bob", "charlie", "diana", "eve")) {
            Accounts.login(student + "@example.com", "student123");
        }
        Accounts.login(SeedPlan.DEV_ADMIN_EMAIL, SeedPlan.DEV_ADMIN_PASSWORD);
        assertEquals(List.of("$2a$"), db.strings("SELECT DISTINCT left(password_hash, 4) FROM users"));
    }

    @Test
    void fullSeedGivesTheStudentsAConsistentHistoryOverTheLastFourWeeks() {
        seed(Map.of()).then().statusCode(200)
                .body("progress_created", equalTo(20))
                .body("attempts_created", equalTo(45))
                .body("hints_created", equalTo(20));
        assertEquals("20/45/20", db.string("SELECT " + ALL_LEARNING_ROWS));

        // The catalogue's points, every challenge for the best student, a spread for the leaderboard.
        assertEquals(List.of("alice@example.com 1550 7", "bob@example.com 900 5", "charlie@example.com 800 4",
                "diana@example.com 450 3", "eve@example.com 100 1"), db.strings("""
                        SELECT u.email || ' ' || sum(p.points_earned) || ' ' || count(*) FROM progress p
                        JOIN users u ON u.id = p.user_id GROUP BY u.email ORDER BY sum(p.points_earned) DESC"""));
        assertEquals("0", db.string("""
                SELECT count(*) FROM progress p JOIN challenges c USING (unit_id, challenge_id)
                WHERE p.points_earned <> c.points OR p.query <> c.sample_solution"""));
        // Every completion ends with its right answer, and its hints are the ones opened before it.
        assertEquals("0", db.string("""
                SELECT count(*) FROM progress p
                WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = p.user_id AND a.unit_id = p.unit_id
                        AND a.challenge_id = p.challenge_id AND a.is_correct AND a.attempted_at = p.completed_at)
                   OR p.hints_used <> (SELECT count(*) FROM hints h WHERE h.user_id = p.user_id AND h.unit_id = p.unit_id
                        AND h.challenge_id = p.challenge_id AND h.accessed_at < p.completed_at)"""));
        // Two challenges are left unsolved after two wrong answers each.
        assertEquals("4 0", db.string("""
                SELECT count(*) || ' ' || count(*) FILTER (WHERE a.is_correct) FROM attempts a
                WHERE NOT EXISTS (SELECT 1 FROM progress p WHERE p.user_id = a.user_id AND p.unit_id = a.unit_id
                        AND p.challenge_id = a.challenge_id)"""));
        assertEquals("t", db.string("SELECT min(completed_at) > now() - interval '28 days' AND max(completed_at) <= now() FROM progress"));
        assertTrue(Integer.parseInt(db.string("SELECT count(DISTINCT completed_at::date) FROM progress")) >= 15,
                "completions must be spread over many days for weekly reports and trends");
        assertEquals("0", db.string("SELECT count(*) FROM attempts a JOIN users u ON u.id = a.user_id WHERE u.role <> 'student'"));
    }

    @Test
    void seedingTwiceCreatesNothingTheSecondTime() {
        seed(Map.of()).then().statusCode(200);
        String before = db.string("SELECT (SELECT count(*) FROM users) || ' ' || " + ALL_LEARNING_ROWS);

        JsonPath again = seed(Map.of()).then().statusCode(200)
                .body("progress_created", equalTo(0))
                .body("attempts_created", equalTo(0))
                .body("hints_created", equalTo(0))
                .extract().jsonPath();
        assertFalse(again.getList("accounts.created", Boolean.class).contains(true));
        assertEquals(before, db.string("SELECT (SELECT count(*) FROM users) || ' ' || " + ALL_LEARNING_ROWS));
        assertEquals("0", db.string("SELECT count(*) FROM (SELECT email FROM users GROUP BY email HAVING count(*) > 1) d"));
    }

    @Test
    void minimalSeedHasNoHistoryAndFullLaterCompletesIt() {
        JsonPath minimal = seed(Map.of("mode", "minimal")).then().statusCode(200)
                .body("progress_created", equalTo(0)).extract().jsonPath();
        assertEquals(MINIMAL_ACCOUNTS, minimal.getList("accounts.email"));
        assertEquals("0/0/0", db.string("SELECT " + ALL_LEARNING_ROWS));
        Accounts.login("bob@example.com", "student123");

        seed(Map.of("mode", "full")).then().statusCode(200).body("progress_created", equalTo(20));
        String full = db.string("SELECT (SELECT count(*) FROM users) || ' ' || " + ALL_LEARNING_ROWS);

        // Minimal after full deletes nothing.
        seed(Map.of("mode", "minimal")).then().statusCode(200);
        assertEquals(full, db.string("SELECT (SELECT count(*) FROM users) || ' ' || " + ALL_LEARNING_ROWS));
    }

    @Test
    void aStudentWithHistoryOfTheirOwnKeepsItAndGetsNoSampleHistory() {
        seed(Map.of("mode", "minimal")).then().statusCode(200);
        db.execute("INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, hints_used, query)"
                + " SELECT id, 3, 2, 350, 0, 'mine' FROM users WHERE email = 'alice@example.com'");

        seed(Map.of()).then().statusCode(200).body("progress_created", equalTo(13));
        assertEquals(List.of("mine"), db.strings("SELECT p.query FROM progress p JOIN users u ON u.id = p.user_id"
                + " WHERE u.email = 'alice@example.com'"));
    }

    @Test
    void clearDeletesEverythingResetsSequencesAndEndsSessions() {
        seed(Map.of()).then().statusCode(200);
        Accounts.Account teacher = Accounts.register("teacher");
        String teacherToken = Accounts.login(teacher).accessToken();
        Datasets.upload(teacherToken, "region\nnorth\n");
        long newestUserId = Long.parseLong(db.string("SELECT max(id) FROM users"));

        JsonPath report = seed(Map.of("clear", "true", "confirm", "delete-all-data")).then().statusCode(200)
                .body("cleared", equalTo(true)).extract().jsonPath();
        assertTrue(report.getList("accounts.created", Boolean.class).stream().allMatch(created -> created));

        assertEquals(FULL_ACCOUNTS.size(), db.count("users"));
        assertEquals("0 0 0", db.string("SELECT (SELECT count(*) FROM datasets) || ' ' || (SELECT count(*) FROM refresh_tokens)"
                + " || ' ' || (SELECT count(*) FROM login_throttle)"));
        assertEquals("0", db.string("SELECT count(*) FROM pg_tables WHERE schemaname = 'academy_datasets'"));
        assertEquals("1", db.string("SELECT min(id) FROM progress"));
        // Users' ids go on, so an access token issued before the clear cannot name a newly seeded account.
        assertTrue(Long.parseLong(db.string("SELECT min(id) FROM users")) > newestUserId);
        given().auth().oauth2(teacherToken).when().get("/users/me").then().statusCode(401);
        assertEquals("7", db.string("SELECT count(*) FROM challenges"));
    }

    @Test
    void clearWithoutConfirmationIsRefusedAndChangesNothing() {
        Accounts.Account student = Accounts.register("student");
        for (Map<String, String> params : List.of(Map.of("clear", "true"), Map.of("clear", "true", "confirm", "true"))) {
            seed(params).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("confirm=delete-all-data"));
        }
        assertEquals(List.of(student.email()), db.strings("SELECT email FROM users WHERE email = '" + student.email() + "'"));
        assertEquals("1", db.string("SELECT count(*) FROM users WHERE email <> '" + student.email() + "'"));
    }

    @Test
    void aFailureAfterClearingLeavesTheOldDataInPlace() {
        seed(Map.of("mode", "minimal")).then().statusCode(200);
        Accounts.Account keeper = Accounts.register("student");
        String before = db.string("SELECT string_agg(email, ',' ORDER BY id) FROM users");
        db.execute("""
                CREATE FUNCTION refuse_alice() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.email = 'alice@example.com' THEN RAISE EXCEPTION 'injected failure'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_alice BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION refuse_alice();""");
        try {
            seed(Map.of("clear", "true", "confirm", "delete-all-data")).then().statusCode(500)
                    .body("detail", not(containsString("injected")));
        } finally {
            db.execute("DROP TRIGGER refuse_alice ON users; DROP FUNCTION refuse_alice()");
        }
        assertEquals(before, db.string("SELECT string_agg(email, ',' ORDER BY id) FROM users"));
        Accounts.login(keeper);
    }

    @Test
    void theBootstrapAdminDoesNotPromoteAnAccountThatTookItsAddress() {
        db.execute("DELETE FROM users WHERE email = '" + SeedDatabase.OPS_EMAIL + "'");
        given().contentType("application/json")
                .body(Map.of("email", SeedDatabase.OPS_EMAIL, "name", "Squatter", "password", "squatter-password", "role", "student"))
                .when().post("/auth/register").then().statusCode(201);

        assertFalse(seeds.ensureBootstrapAdmin().orElseThrow().created());
        assertEquals("student", db.string("SELECT role FROM users WHERE email = '" + SeedDatabase.OPS_EMAIL + "'"));

        db.execute("DELETE FROM users WHERE email = '" + SeedDatabase.OPS_EMAIL + "'");
        assertTrue(seeds.ensureBootstrapAdmin().orElseThrow().created());
        Accounts.login(SeedDatabase.OPS_EMAIL, SeedDatabase.OPS_PASSWORD);
    }

    @Test
    void onlyAdminsMaySeedAndAnUnknownModeIsRejected() {
        given().when().post("/admin/seed").then().statusCode(401);
        for (String role : List.of("student", "teacher")) {
            String token = Accounts.login(Accounts.register(role)).accessToken();
            given().auth().oauth2(token).when().post("/admin/seed").then().statusCode(403);
        }
        seed(Map.of("mode", "everything")).then().statusCode(422).contentType("application/problem+json");
        assertEquals("0", db.string("SELECT count(*) FROM users WHERE email = 'teacher@example.com'"));
    }

    /** As the bootstrap administrator, logged in afresh: a clear re-creates that account under a new id. */
    private static Response seed(Map<String, String> params) {
        RequestSpecification request = given().auth().oauth2(Accounts.login(SeedDatabase.OPS_EMAIL, SeedDatabase.OPS_PASSWORD).accessToken());
        params.forEach(request::queryParam);
        return request.when().post("/admin/seed");
    }
}
