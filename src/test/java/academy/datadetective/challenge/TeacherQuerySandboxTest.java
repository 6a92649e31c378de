package academy.datadetective.challenge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;
import academy.datadetective.dataset.DatasetQueryFailedException;
import academy.datadetective.dataset.DatasetQueryRunner;
import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.dataset.Datasets;

/**
 * The attacks of issue 18 on teachers' SQL, against the real sandbox: PostgreSQL, not the keyword check, keeps a
 * query to one SELECT on its own dataset, on connections the application never uses, within bounds.
 */
@QuarkusTest
class TeacherQuerySandboxTest {

    private static final String DATA = "region,amount\nnorth,10\nsouth,25\n";

    @Inject
    DataSource dataSource;

    @Inject
    DatasetQueryRunner runner;

    @ConfigProperty(name = "quarkus.datasource.sandbox.jdbc.url")
    String sandboxUrl;

    @ConfigProperty(name = "quarkus.datasource.sandbox.username")
    Optional<String> sandboxUser;

    @ConfigProperty(name = "quarkus.datasource.sandbox.password")
    Optional<String> sandboxPassword;

    private TestSql db;

    @BeforeEach
    void connect() {
        db = new TestSql(dataSource);
    }

    private record Teacher(long id, String token, long dataset, String table, DatasetSchema schema) {
    }

    @Test
    void postgresqlRunsExactlyOneSelectWhateverTheTextHidesFromTheCheck() {
        Teacher teacher = teacher();
        // What run_dataset_query EXECUTEd before, behind a text that the keyword check misread as one string.
        String hidden = "SELECT name'x\\' AS a) q) r; DEALLOCATE ALL; PREPARE S_1 AS SELECT 'admin'::text AS role";
        create(teacher, hidden).then().statusCode(400).body("detail", equalTo("Only one statement is allowed"));
        for (String text : List.of(hidden, "SELECT 1 AS a; PREPARE s AS SELECT 1", "SELECT 1; DEALLOCATE ALL",
                "PREPARE S_1 AS SELECT 'admin'::text AS role", "DO $$BEGIN PERFORM 1; END$$", "SET ROLE postgres",
                "SET SESSION AUTHORIZATION postgres", "DISCARD ALL", "CREATE TEMP TABLE t AS SELECT 1")) {
            DatasetQueryFailedException refused = assertThrows(DatasetQueryFailedException.class,
                    () -> runner.run(teacher.id(), teacher.table(), teacher.schema(), text), text);
            assertTrue(refused.getMessage().matches(".*(cannot open .* as cursor|syntax error).*"), text + ": " + refused.getMessage());
        }
        // The role lookup of every request is untouched: the teacher is still no administrator.
        given().auth().oauth2(teacher.token()).when().get("/admin/backups").then().statusCode(403);
        given().auth().oauth2(teacher.token()).when().get("/datasets/" + teacher.dataset()).then().statusCode(200);
    }

    @Test
    void nothingTheSandboxCanSeeNamesTheApplicationOrAnotherTeacher() {
        Teacher teacher = teacher();
        Teacher other = teacher();
        assertEquals(List.of(Map.of("relname", teacher.table())), output(teacher, "SELECT relname FROM pg_class"
                + " WHERE relname IN ('users', 'refresh_tokens', 'datasets', 'progress', '" + other.table() + "') OR relname LIKE 'dataset_%'"));
        assertEquals(List.of(Map.of("n", 0)), output(teacher, "SELECT count(*) AS n FROM pg_stat_all_tables"
                + " WHERE relname IN ('users', 'refresh_tokens') OR schemaname = 'academy_datasets'"));
        assertEquals(List.of(Map.of("n", 0)), output(teacher, "SELECT count(*) AS n FROM pg_prepared_statements"));
        assertEquals(List.of(Map.of("n", 0)), output(teacher, "SELECT count(*) AS n FROM information_schema.columns"
                + " WHERE column_name IN ('password_hash', 'email', 'token_hash')"));
        assertEquals(List.of(Map.of("n", 0)), output(teacher, "SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'academy_datasets'"));
        // The tests' user is a superuser, which lets the set-up bound temporary files.
        assertEquals(List.of(Map.of("limit", "256MB")), output(teacher, "SELECT current_setting('temp_file_limit') AS limit"));
    }

    @Test
    void aQueryInFlightIsInvisibleToAnotherTeachersQuery() throws Exception {
        Teacher teacher = teacher();
        Teacher other = teacher();
        int key = 77_001;
        ExecutorService requests = Executors.newSingleThreadExecutor();
        try (Connection holder = sandboxConnection(teacher)) {
            execute(holder, "SELECT pg_advisory_lock(" + key + ")");
            Future<Response> waiting = requests.submit(() -> create(other, "SELECT pg_advisory_xact_lock(" + key + "), * FROM " + other.table()));
            awaitWaitingOn(key, 1);
            assertEquals(List.of(Map.of("n", 0)), output(teacher, "SELECT count(*) AS n FROM pg_class WHERE relname = '" + other.table() + "'"));
            execute(holder, "SELECT pg_advisory_unlock(" + key + ")");
            assertEquals(201, waiting.get(1, TimeUnit.MINUTES).statusCode());
        } finally {
            requests.shutdownNow();
        }
    }

    /** Issue 18: fifteen slow queries on one dataset held the application's whole pool, and every signed-in request got 503. */
    @Test
    void twentySlowQueriesAtOnceLeaveLoginsAndProgressAnswering() throws Exception {
        List<Teacher> teachers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            teachers.add(teacher());
        }
        Accounts.Account student = Accounts.register("student");
        int key = 77_002;
        ExecutorService requests = Executors.newFixedThreadPool(20);
        try (Connection holder = sandboxConnection(teachers.get(0))) {
            execute(holder, "SELECT pg_advisory_lock(" + key + ")");
            List<Future<Response>> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(requests.submit(() -> create(teachers.get(0), "SELECT pg_advisory_xact_lock(" + key + "), * FROM " + teachers.get(0).table())));
            }
            awaitWaitingOn(key, 2);
            Response refused = await(() -> first.stream().filter(Future::isDone).findFirst()).get();
            assertEquals(429, refused.statusCode());
            assertEquals("Too many expected queries running: you already have 2 queries running; try again in a moment",
                    refused.jsonPath().getString("detail"));
            assertEquals("1", refused.header("Retry-After"));

            List<Future<Response>> rest = new ArrayList<>();
            for (int i = 0; i < 17; i++) {
                Teacher teacher = teachers.get(1 + i % 9);
                rest.add(requests.submit(() -> create(teacher, "SELECT pg_advisory_xact_lock(" + key + "), * FROM " + teacher.table())));
            }
            awaitWaitingOn(key, 4);
            await(() -> rest.stream().filter(Future::isDone).count() == 15 ? Optional.of(true) : Optional.empty());
            for (Future<Response> done : rest.stream().filter(Future::isDone).toList()) {
                assertEquals(429, done.get().statusCode());
            }

            String access = Accounts.login(student).accessToken();
            given().auth().oauth2(access).when().get("/progress/me").then().statusCode(200);
            given().auth().oauth2(teachers.get(0).token()).when().get("/datasets").then().statusCode(200);
            // Those answers did not wait for the slow queries: all four are still waiting.
            assertEquals(4, waitingOn(key));

            execute(holder, "SELECT pg_advisory_unlock(" + key + ")");
            List<Future<Response>> all = new ArrayList<>(first);
            all.addAll(rest);
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> response : all) {
                statuses.add(response.get(1, TimeUnit.MINUTES).statusCode());
            }
            assertEquals(16, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
            assertEquals(4, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
        } finally {
            requests.shutdownNow();
        }
    }

    private Teacher teacher() {
        Accounts.Account account = Accounts.register("teacher");
        String token = Accounts.login(account).accessToken();
        JsonPath dataset = Datasets.upload(token, "data.csv", DATA.getBytes(), "Sandbox data").then().statusCode(201).extract().jsonPath();
        try {
            DatasetSchema schema = DatasetSchema.fromJson(new ObjectMapper().writeValueAsString(dataset.getMap("schema")));
            return new Teacher(account.id(), token, dataset.getLong("id"), dataset.getString("table_name"), schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response create(Teacher teacher, String query) {
        Map<String, Object> body = new HashMap<>();
        body.put("dataset_id", teacher.dataset());
        body.put("title", "Sandbox");
        body.put("description", "A query in the sandbox");
        body.put("expected_query", query);
        body.put("hints", List.of("a", "b", "c"));
        return given().auth().oauth2(teacher.token()).contentType("application/json").body(body).when().post("/challenges/custom");
    }

    private static List<Map<String, Object>> output(Teacher teacher, String query) {
        long id = create(teacher, query).then().statusCode(201).extract().jsonPath().getLong("id");
        return given().auth().oauth2(teacher.token()).when().get("/challenges/custom/" + id).then().statusCode(200)
                .extract().jsonPath().getList("expected_output");
    }

    /** The sandbox database exists once a query has run; advisory locks belong to one database, so the holder connects there. */
    private Connection sandboxConnection(Teacher teacher) throws SQLException {
        output(teacher, "SELECT 1 AS ready");
        return DriverManager.getConnection(sandboxUrl, sandboxUser.orElse(null), sandboxPassword.orElse(null));
    }

    private long waitingOn(int key) {
        return db.count("pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = " + key);
    }

    private void awaitWaitingOn(int key, int queries) {
        await(() -> waitingOn(key) == queries ? Optional.of(true) : Optional.empty());
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Polls until the condition holds; the bound only keeps a failure from hanging the build. */
    private static <T> T await(java.util.function.Supplier<Optional<T>> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("The condition did not hold within 30 s");
    }
}
