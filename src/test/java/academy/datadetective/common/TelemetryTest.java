package academy.datadetective.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.LogCapture;
import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;
import academy.datadetective.auth.Accounts.Account;
import academy.datadetective.auth.Accounts.Session;
import academy.datadetective.backup.BackupResourceTest;
import academy.datadetective.dataset.Datasets;
import academy.datadetective.user.PasswordHasher;
import academy.datadetective.user.UserService;

/**
 * The SQL log (DB_ECHO, DB_SLOW_QUERY_MS) and the traces, end to end: the application runs with the variables
 * set (the backup tests' profile, whose statements they are too) and exports to an OTLP collector in this JVM.
 */
@QuarkusTest
@TestProfile(BackupResourceTest.OwnDatabaseAndDirectory.class)
public class TelemetryTest {

    /** DB_SLOW_QUERY_MS of the profile. */
    public static final int SLOW_MS = 200;
    /** RestoreGate's job, which starts no trace. */
    private static final String RESTORE_LOOK = TraceSampler.UNTRACED_JOB;
    private static final AttributeKey<String> BACKUP_NAME = AttributeKey.stringKey("academy.backup.name");
    private static final AttributeKey<String> TABLE = AttributeKey.stringKey("db.sql.table");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system");

    @Inject
    FinishedSpans spans;

    @Inject
    DataSource dataSource;

    @Inject
    UserService users;

    @Inject
    PasswordHasher hasher;

    @OtlpReceiver.InjectOtlpReceiver
    OtlpReceiver collector;

    @Test
    void everyStatementIsLoggedOnceWithoutTheValuesItCarries() {
        String email = Accounts.uniqueEmail("echo");
        String password = "echo-Secret-" + System.nanoTime();
        String teacherLiteral = "teacher-literal-" + System.nanoTime();
        List<String> secrets = new ArrayList<>(List.of(email, password, teacherLiteral));
        String table;
        LogCapture capture = LogCapture.of(StatementLog.class.getName());
        try {
            given().contentType("application/json").body(Map.of("email", email, "name", "Echo", "password", password, "role", "student"))
                    .when().post("/auth/register").then().statusCode(201);
            Session session = Accounts.login(email, password);
            secrets.addAll(List.of(session.accessToken(), session.refreshToken(), Sha256.hex(session.refreshToken())));
            given().auth().oauth2(session.accessToken()).when().get("/challenges").then().statusCode(200);

            // A teacher's query runs in the sandbox, after statements that carry the timeout as a literal.
            String teacher = Accounts.login(Accounts.register("teacher")).accessToken();
            long dataset = Datasets.upload(teacher, "city,people\nOslo,709000\nBergen,291000\n");
            table = given().auth().oauth2(teacher).when().get("/datasets/" + dataset).then().statusCode(200).extract().path("table_name");
            given().auth().oauth2(teacher).contentType("application/json")
                    .body(Map.of("dataset_id", dataset, "title", "Echo", "description", "A query in the sandbox", "hints", List.of("a", "b", "c"),
                            "expected_query", "SELECT city FROM " + table + " WHERE city <> '" + teacherLiteral + "'"))
                    .when().post("/challenges/custom").then().statusCode(201);

            // Flyway reads its history for the migration status.
            String admin = Accounts.login(Accounts.admin(users, hasher)).accessToken();
            given().auth().oauth2(admin).when().get("/admin/migrations").then().statusCode(200);
        } finally {
            capture.close();
        }
        secrets.add(new TestSql(dataSource).string("SELECT password_hash FROM users WHERE email = '" + email + "'"));
        List<String> logged = capture.texts();

        // Hibernate's statements, the service's own JDBC, COPY, the sandbox's pool and Flyway's.
        for (String statement : List.of("insert into users (", "SELECT role FROM users WHERE id = ? AND deactivated_at IS NULL AND token_version = ?",
                "insert into refresh_tokens (", "COPY \"academy_datasets\".\"" + table + "\" (\"city\", \"people\") FROM STDIN (FORMAT csv)",
                "COPY \"pg_temp\".\"" + table + "\" (\"city\", \"people\") FROM STDIN (FORMAT binary)", "SELECT run_dataset_query(?, ?, ?)",
                "FROM \"public\".\"flyway_schema_history\"")) {
            assertTrue(logged.stream().anyMatch(line -> line.startsWith("SQL (") && line.contains(statement)), statement + " in " + logged);
        }
        // Values written into the SQL text are not logged either.
        assertTrue(logged.stream().anyMatch(line -> line.matches("SQL \\(\\d+ ms\\): SET LOCAL statement_timeout = \\?")), logged.toString());
        assertEquals(3, logged.stream().filter(line -> line.contains("insert into refresh_tokens (")).count(), "a line per statement: three logins");
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            logged.stream().filter(line -> line.contains(secret)).forEach(leaks::add);
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void statementsSlowerThanTheThresholdAreWarnedAboutWithTheirTime() throws SQLException {
        LogCapture capture = LogCapture.of(StatementLog.class.getName());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_sleep(" + SLOW_MS * 2 / 1000.0 + ")");
            statement.execute("SELECT 'quick'");
        } finally {
            capture.close();
        }
        Pattern slowSleep = Pattern.compile("Slow SQL \\((\\d+) ms\\): SELECT pg_sleep\\(\\?\\)");
        Matcher slow = capture.texts().stream().map(slowSleep::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no warning in " + capture.texts()));
        assertTrue(Integer.parseInt(slow.group(1)) >= SLOW_MS, slow.group());
        assertTrue(capture.texts().stream().anyMatch(text -> text.matches("SQL \\(\\d+ ms\\): SELECT \\?")), "the quick one is echoed, not warned about");
    }

    @Test
    void aRequestIsOneTraceOfItsStatementsWhoseIdsAreInItsLogLinesAndWhichIsExported() {
        Account student = Accounts.register("student");
        String token = Accounts.login(student).accessToken();
        // Each request continues a trace of the caller's (W3C traceparent), as behind a traced ingress.
        String loginTrace = randomHex(16);
        String catalogueTrace = randomHex(16);
        LogCapture capture = LogCapture.of("academy.datadetective");
        try {
            given().header("traceparent", "00-" + loginTrace + "-" + randomHex(8) + "-01").contentType("application/json")
                    .body(Map.of("email", student.email(), "password", "wrong password")).when().post("/auth/login").then().statusCode(401);
            given().header("traceparent", "00-" + catalogueTrace + "-" + randomHex(8) + "-01").auth().oauth2(token)
                    .when().get("/challenges").then().statusCode(200);
        } finally {
            capture.close();
        }
        SpanData request = await(() -> spans.first(span -> span.getTraceId().equals(catalogueTrace) && span.getKind() == SpanKind.SERVER));
        assertEquals("GET /challenges", request.getName());
        List<SpanData> statements = spans.matching(span -> span.getTraceId().equals(catalogueTrace) && span.getKind() == SpanKind.CLIENT);
        assertEquals(Set.of("SELECT role FROM users WHERE id = ? AND deactivated_at IS NULL AND token_version = ?", "challenges"),
                statements.stream().map(span -> span.getAttributes().get(StatementLog.STATEMENT))
                        .map(text -> text.startsWith("SELECT c.unit_id") ? "challenges" : text).collect(Collectors.toSet()));
        statements.forEach(statement -> assertEquals("postgresql", statement.getAttributes().get(SYSTEM)));

        LogCapture.Line failed = capture.lines().stream().filter(line -> line.text().startsWith("Failed login")).findFirst().orElseThrow();
        assertEquals(loginTrace, failed.traceId());
        assertTrue(failed.requestId() != null, "request_id stays beside the trace id");

        await(() -> Optional.of(catalogueTrace).filter(collector::receivedTrace));
        assertTrue(collector.received("data-detective-academy"), "the service's name");
    }

    @Test
    void backupsAndRestoresHaveASpanPerTableWithItsRowsAndBytes() {
        String admin = Accounts.login(Accounts.admin(users, hasher)).accessToken();
        Map<String, Object> backup = given().auth().oauth2(admin).when().post("/admin/backups").then().statusCode(201).extract().jsonPath().getMap("");
        String name = (String) backup.get("name");
        @SuppressWarnings("unchecked")
        Map<String, Integer> rows = (Map<String, Integer>) backup.get("rows");

        SpanData taken = await(() -> spans.first(span -> span.getName().equals("backup") && name.equals(span.getAttributes().get(BACKUP_NAME))));
        assertEquals(toLongs(rows), copied(taken));
        given().auth().oauth2(admin).queryParam("confirm", "replace-all-data").when().post("/admin/backups/" + name + "/restore")
                .then().statusCode(200);
        SpanData restored = await(() -> spans.first(span -> span.getName().equals("restore") && name.equals(span.getAttributes().get(BACKUP_NAME))));
        assertEquals(toLongs(rows), copied(restored));
        await(() -> Optional.of(restored.getTraceId()).filter(collector::receivedTrace));
        assertTrue(collector.received("academy.copy.bytes"));
    }

    @Test
    void scheduledJobsAreTracedButTheRestoreLookWhoseStatementsAreOnlyLogged() {
        SpanData job = await(() -> spans.first(span -> span.getName().endsWith("BackupMetrics#refresh")));
        assertEquals(SpanKind.INTERNAL, job.getKind());
        assertTrue(job.getSpanContext().isSampled(), "exported");
        // Every second on every replica: its statement recorded for the SQL log, but not exported (as it is when a
        // restore that ends looks at once), under no recorded job span.
        await(() -> spans.first(span -> "SELECT pg_try_advisory_xact_lock_shared(hashtext(?))".equals(span.getAttributes().get(StatementLog.STATEMENT))
                && !span.getSpanContext().isSampled()));
        assertEquals(List.of(), spans.matching(span -> span.getName().contains(RESTORE_LOOK) || span.getName().contains("RestoreGate")));
    }

    /** The rows of each table the COPY spans below {@code operation} moved, each with some bytes. */
    private Map<String, Long> copied(SpanData operation) {
        Map<String, Long> rows = new HashMap<>();
        for (SpanData copy : spans.matching(span -> span.getParentSpanId().equals(operation.getSpanId()) && span.getName().startsWith("COPY "))) {
            rows.put(copy.getAttributes().get(TABLE), copy.getAttributes().get(Spans.ROWS));
            assertTrue(copy.getAttributes().get(Spans.BYTES) > 0 || copy.getAttributes().get(Spans.ROWS) == 0, copy.toString());
        }
        return rows;
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static Map<String, Long> toLongs(Map<String, Integer> rows) {
        Map<String, Long> longs = new HashMap<>();
        rows.forEach((table, count) -> longs.put(table, count.longValue()));
        return longs;
    }

    /** Polls for what the application records after it answered (a span ends once its response is written) or exports. */
    private static <T> T await(Supplier<Optional<T>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Optional<T> found = condition.get(); ; found = condition.get()) {
            if (found.isPresent()) {
                return found.get();
            }
            assertTrue(System.nanoTime() < deadline, "not within 10 s");
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
