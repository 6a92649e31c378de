package academy.datadetective.challenge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;
import academy.datadetective.dataset.Datasets;

/** ORIGINAL.md §3.11 and §7, with the sandbox of §10: teachers' own challenges on their own datasets. */
@QuarkusTest
class CustomChallengeResourceTest {

    private static final String SALES = "region,amount,created_at,executive\nnorth,10,2024-01-01,Ann\nsouth,25,2024-01-02,Bo\nnorth,5,2024-01-03,Ann\n";

    @Inject
    DataSource dataSource;

    private TestSql db;

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void connect() {
        db = new TestSql(dataSource);
    }

    @Test
    void theOriginalsScriptFlowWorksEndToEnd() {
        String teacher = token("teacher");
        long dataset = Datasets.upload(teacher, SALES);
        String query = "SELECT region, SUM(amount) AS total FROM dataset_" + dataset + " GROUP BY region ORDER BY total DESC;";
        Response created = create(teacher, challenge(dataset, query));
        created.then().statusCode(201)
                .body("dataset_id", equalTo((int) dataset))
                .body("dataset_name", equalTo("Test data"))
                .body("points", equalTo(150))
                .body("difficulty", equalTo("medium"))
                .body("expected_query", equalTo(query))
                .body("hints", equalTo(List.of("Group the rows", "", "Sum the amounts")))
                .body("is_active", equalTo(true));
        long id = created.jsonPath().getLong("id");
        String detail = given().auth().oauth2(teacher).when().get("/challenges/custom/" + id).then().statusCode(200)
                .body("expected_output", equalTo(List.of(Map.of("region", "south", "total", 25), Map.of("region", "north", "total", 15))))
                .extract().asString();
        assertTrue(detail.contains("{\"region\":\"south\",\"total\":25}"), "rows keep the query's column order: " + detail);

        String student = token("student");
        submit(student, id, "select region, sum(amount) as total from dataset_" + dataset + " group by region").then().statusCode(400)
                .body("detail", not(containsString("dataset_")));
        submit(student, id, "SELECT region, SUM(amount) AS total\n FROM dataset_" + dataset + " GROUP BY region ORDER BY total DESC")
                .then().statusCode(200).body("points_earned", equalTo(150)).body("custom_challenge_id", equalTo((int) id));

        given().auth().oauth2(teacher).when().get("/challenges/custom").then().statusCode(200)
                .body("total", equalTo(1))
                .body("challenges[0].id", equalTo((int) id))
                .body("challenges[0].submission_count", equalTo(2))
                .body("challenges[0].completion_rate", equalTo(50.0f));
        given().auth().oauth2(teacher).when().get("/datasets/" + dataset).then().statusCode(200);
        given().auth().oauth2(teacher).when().get("/datasets").then().statusCode(200).body("datasets[0].challenge_count", equalTo(1));

        given().auth().oauth2(teacher).when().delete("/challenges/custom/" + id).then().statusCode(200)
                .body("message", equalTo("Challenge deleted successfully (removed 2 attempt(s) and 1 progress record(s))"));
        assertEquals(0, db.count("attempts WHERE custom_challenge_id = " + id));
        given().auth().oauth2(teacher).when().delete("/datasets/" + dataset).then().statusCode(200)
                .body("message", equalTo("Dataset deleted successfully (removed 0 associated challenge(s))"));
    }

    @Test
    void deletingADatasetTakesItsChallengesAndTheirLearningRowsAndPointsWithIt() {
        String teacher = token("teacher");
        long dataset = Datasets.upload(teacher, SALES);
        String query = "SELECT count(*) FROM dataset_" + dataset;
        long id = create(teacher, challenge(dataset, query)).then().statusCode(201).extract().jsonPath().getLong("id");
        Accounts.Account student = Accounts.register("student");
        String studentToken = Accounts.login(student).accessToken();
        submit(studentToken, id, query).then().statusCode(200);
        assertEquals("150", db.string("SELECT total_points FROM user_points WHERE user_id = " + student.id()));

        given().auth().oauth2(teacher).when().delete("/datasets/" + dataset).then().statusCode(200)
                .body("message", equalTo("Dataset deleted successfully (removed 1 associated challenge(s))"));
        assertEquals(0, db.count("custom_challenges WHERE id = " + id));
        assertEquals(0, db.count("progress WHERE user_id = " + student.id()));
        assertEquals(0, db.count("attempts WHERE user_id = " + student.id()));
        assertEquals(0, db.count("pg_tables WHERE schemaname = 'academy_datasets' AND tablename = 'dataset_" + dataset + "'"));
        assertEquals(0, db.count("user_points WHERE user_id = " + student.id() + " AND total_points > 0"));
        submit(studentToken, id, query).then().statusCode(404);
    }

    @Test
    void anExpectedQueryReadsItsOwnDatasetAndNothingElse() {
        String teacher = token("teacher");
        long dataset = Datasets.upload(teacher, SALES);
        long otherDataset = Datasets.upload(token("teacher"), "secret\nswordfish\n");

        // The original returned every password hash for this one.
        assertQueryFails(teacher, dataset, "SELECT email, password_hash FROM users", "relation \"users\" does not exist");
        assertQueryFails(teacher, dataset, "SELECT email, password_hash FROM public.users", "relation \"public.users\" does not exist");
        assertQueryFails(teacher, dataset, "SELECT * FROM academy_datasets.dataset_" + dataset, "relation \"academy_datasets.dataset_");
        assertQueryFails(teacher, dataset, "SELECT * FROM dataset_" + otherDataset, "relation \"dataset_" + otherDataset + "\" does not exist");
        assertQueryFails(teacher, dataset, "SELECT set_config('role', 'none', true), query_to_xml('SELECT * FROM public.users', true, false, '')",
                "cannot set parameter \"role\"");
        assertQueryFails(teacher, dataset, "SELECT set_config('transaction_read_only', 'off', true)", "read-write");
        assertQueryFails(teacher, dataset, "SELECT pg_read_file('/etc/passwd')", "permission denied");
        assertQueryFails(teacher, dataset, "SELECT pg_sleep(30)", "ran longer than");
        assertQueryFails(teacher, dataset, "SELECT nothing FROM dataset_" + dataset, "column \"nothing\" does not exist");
        assertQueryFails(teacher, dataset, "SELECT 'unterminated FROM dataset_" + dataset, "unterminated quoted string");
        assertEquals(0, db.count("custom_challenges WHERE dataset_id = " + dataset));
        assertEquals(1, db.count("pg_tables WHERE schemaname = 'academy_datasets' AND tablename = 'dataset_" + otherDataset + "'"));
    }

    @Test
    void whatAQueryLeavesOnItsConnectionIsClearedAndItsOutputIsCapped() {
        String teacher = token("teacher");
        long dataset = Datasets.upload(teacher, SALES);
        create(teacher, challenge(dataset, "SELECT pg_advisory_lock(424242) FROM dataset_" + dataset)).then().statusCode(201);
        assertEquals(0, db.count("pg_locks WHERE locktype = 'advisory' AND objid = 424242"));

        long id = create(teacher, challenge(dataset, "SELECT n FROM generate_series(1, 1000) AS n")).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        given().auth().oauth2(teacher).when().get("/challenges/custom/" + id).then().statusCode(200)
                .body("expected_output", hasSize(1000))
                .body("expected_output[999].n", equalTo(1000));
        assertQueryFails(teacher, dataset, "SELECT n FROM generate_series(1, 5000) AS n", "its output has more than 1000 rows");
        // 8 MB in one row was stored as the expected output; 200 MB exhausted the heap (issue 18).
        assertQueryFails(teacher, dataset, "SELECT repeat('x', 8000000) AS a", "its output is larger than 1048576 bytes");
        assertQueryFails(teacher, dataset, "SELECT repeat('x', 200000) FROM generate_series(1, 10)", "its output is larger than 1048576 bytes");
        assertEquals(0, db.count("custom_challenges WHERE dataset_id = " + dataset + " AND expected_query LIKE '%repeat%'"));
    }

    @Test
    void keywordsAreWholeWordsSoColumnsLikeCreatedAtCanBeSelected() {
        String teacher = token("teacher");
        long dataset = Datasets.upload(teacher, SALES);
        create(teacher, challenge(dataset, "SELECT created_at, executive FROM dataset_" + dataset + " WHERE region = 'drop table'"))
                .then().statusCode(201);
        assertRefused(teacher, dataset, "DELETE FROM dataset_" + dataset, "Only SELECT queries are allowed (got DELETE)");
        assertRefused(teacher, dataset, "SELECT 1; SELECT 2", "Only one statement is allowed");
        assertRefused(teacher, dataset, "WITH g AS (UPDATE dataset_" + dataset + " SET amount = 0 RETURNING *) SELECT * FROM g",
                "Forbidden keyword in query: UPDATE");
        assertRefused(teacher, dataset, "   ", "Query cannot be empty");
    }

    @Test
    void badFieldsGet422AndAnUpdateChangesOnlyWhatItNames() {
        String teacher = token("teacher");
        long dataset = Datasets.upload(teacher, SALES);
        String query = "SELECT region FROM dataset_" + dataset;
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("hints", List.of("one", "two"), "points", 49, "difficulty", "extreme",
                "title", "", "description", "d".repeat(2001), "dataset_id", 0).entrySet()) {
            Map<String, Object> body = challenge(dataset, query);
            body.put(bad.getKey(), bad.getValue());
            create(teacher, body).then().statusCode(422).body("errors.field", hasSize(1));
        }
        Map<String, Object> missing = challenge(dataset, query);
        missing.remove("expected_query");
        create(teacher, missing).then().statusCode(422);
        create(teacher, challenge(999_999_999, query)).then().statusCode(404).body("detail", equalTo("Dataset not found"));
        create(teacher, challenge(Datasets.upload(token("teacher"), SALES), query)).then().statusCode(403)
                .body("detail", equalTo("Access denied: you do not own this dataset"));

        Response created = create(teacher, challenge(dataset, query));
        long id = created.jsonPath().getLong("id");
        given().auth().oauth2(teacher).contentType("application/json").body(Map.of("points", 600))
                .when().put("/challenges/custom/" + id).then().statusCode(422);
        given().auth().oauth2(teacher).contentType("application/json").body(Map.of("expected_query", "SELECT nope FROM dataset_" + dataset))
                .when().put("/challenges/custom/" + id).then().statusCode(400);
        given().auth().oauth2(teacher).contentType("application/json").body(Map.of("expected_query", "DROP TABLE dataset_" + dataset))
                .when().put("/challenges/custom/" + id).then().statusCode(400);
        given().auth().oauth2(teacher).when().get("/challenges/custom/" + id).then().statusCode(200)
                .body("expected_query", equalTo(query)).body("expected_output", hasSize(3));

        String newQuery = "SELECT DISTINCT region FROM dataset_" + dataset + " ORDER BY region";
        given().auth().oauth2(teacher).contentType("application/json")
                .body(Map.of("expected_query", newQuery, "is_active", false, "dataset_id", 12345, "title", "Regions"))
                .when().put("/challenges/custom/" + id).then().statusCode(200)
                .body("title", equalTo("Regions"))
                .body("dataset_id", equalTo((int) dataset))
                .body("is_active", equalTo(false))
                .body("points", equalTo(150))
                .body("updated_at", not(equalTo(created.jsonPath().getString("updated_at"))));
        given().auth().oauth2(teacher).when().get("/challenges/custom/" + id).then().statusCode(200)
                .body("expected_output", equalTo(List.of(Map.of("region", "north"), Map.of("region", "south"))));
        submit(token("student"), id, newQuery).then().statusCode(400).body("detail", equalTo("This challenge is no longer active"));
        given().auth().oauth2(teacher).queryParam("is_active", true).when().get("/challenges/custom").then().statusCode(200)
                .body("total", equalTo(0));
        given().auth().oauth2(teacher).queryParam("is_active", false).queryParam("dataset_id", dataset).when().get("/challenges/custom")
                .then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void onlyTheOwningTeacherReachesACustomChallenge() {
        String owner = token("teacher");
        long dataset = Datasets.upload(owner, SALES);
        long id = create(owner, challenge(dataset, "SELECT 1")).then().statusCode(201).extract().jsonPath().getLong("id");
        String path = "/challenges/custom/" + id;
        Map<String, Object> body = challenge(dataset, "SELECT 1");

        String stranger = token("teacher");
        given().auth().oauth2(stranger).when().get(path).then().statusCode(403).body("detail", equalTo("Access denied: you do not own this challenge"));
        given().auth().oauth2(stranger).contentType("application/json").body(Map.of("title", "Mine")).when().put(path).then().statusCode(403);
        given().auth().oauth2(stranger).when().delete(path).then().statusCode(403);
        given().auth().oauth2(stranger).when().get("/challenges/custom").then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(owner).when().get("/challenges/custom/999999999").then().statusCode(404)
                .body("detail", equalTo("Custom challenge not found"));

        String student = token("student");
        given().auth().oauth2(student).when().get("/challenges/custom").then().statusCode(403);
        given().auth().oauth2(student).when().get(path).then().statusCode(403);
        given().auth().oauth2(student).contentType("application/json").body(body).when().post("/challenges/custom").then().statusCode(403);
        given().auth().oauth2(student).contentType("application/json").body(Map.of("title", "x")).when().put(path).then().statusCode(403);
        given().auth().oauth2(student).when().delete(path).then().statusCode(403);
        given().when().get("/challenges/custom").then().statusCode(401);
        given().when().get(path).then().statusCode(401);
        given().contentType("application/json").body(body).when().post("/challenges/custom").then().statusCode(401);
        given().when().delete(path).then().statusCode(401);
        assertEquals(1, db.count("custom_challenges WHERE id = " + id));
        assertNotEquals(null, db.string("SELECT title FROM custom_challenges WHERE id = " + id));
    }

    private static Map<String, Object> challenge(long dataset, String query) {
        Map<String, Object> body = new HashMap<>();
        body.put("dataset_id", dataset);
        body.put("title", "Sales by region");
        body.put("description", "Total the amounts of each region, largest first");
        body.put("points", 150);
        body.put("expected_query", query);
        body.put("hints", List.of("Group the rows", "", "Sum the amounts"));
        return body;
    }

    private static Response create(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).when().post("/challenges/custom");
    }

    private static Response submit(String token, long challenge, String query) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("custom_challenge_id", challenge, "query", query))
                .when().post("/progress/submit");
    }

    private static void assertQueryFails(String teacher, long dataset, String query, String reason) {
        create(teacher, challenge(dataset, query)).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Expected query failed to execute: "))
                .body("detail", containsString(reason));
    }

    private static void assertRefused(String teacher, long dataset, String query, String detail) {
        create(teacher, challenge(dataset, query)).then().statusCode(400).body("detail", equalTo(detail));
    }

    private static String token(String role) {
        return Accounts.login(Accounts.register(role)).accessToken();
    }
}
