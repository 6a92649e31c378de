package academy.datadetective.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

import academy.datadetective.auth.Accounts;
import academy.datadetective.migration.MigrationService;

/**
 * The database goes away and comes back while the service keeps running: readiness must follow it, so that
 * Kubernetes stops and resumes sending traffic, and liveness must not, or Kubernetes would restart a
 * healthy pod for an outage a restart cannot fix.
 */
@QuarkusTest
@TestProfile(OwnNetwork.class)
class DatabaseOutageTest {

    /** Generous, so that a slow machine does not fail the test; each transition takes about a second. */
    private static final Duration TRANSITION_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    /**
     * A check that hangs while the database is away would leave probes piling up instead of answering DOWN,
     * so each call must answer well within the transition limit (the first one includes the service's warm-up).
     */
    private static final int HEALTH_CALL_LIMIT_MILLIS = 10_000;

    /** The service reaches the test database only through the proxy, with timeouts short enough for a test. */
    @DatabaseProxyResource.InjectDatabaseProxy
    TcpProxy databaseProxy;

    @Inject
    MigrationService migrations;

    @Test
    void readinessFollowsTheDatabaseWhileLivenessIgnoresIt() {
        String schemaVersion = migrations.status().latestKnown().orElseThrow();
        assertReadyWithSchema(schemaVersion, health("/q/health/ready"));
        assertLive();
        String student = Accounts.login(Accounts.register("student")).accessToken();

        databaseProxy.cut();
        Response duringOutage = awaitReadinessStatusCode(503, "report DOWN after the database became unreachable");
        duringOutage.then()
                .body("status", equalTo("DOWN"))
                .body(databaseCheck("status"), equalTo("DOWN"))
                .body(databaseCheck("data.reachable"), equalTo(false))
                .body(databaseCheck("data.schemaVersion"), nullValue());

        // Requests get a quick 503 problem to retry, not a hang or a stack trace, and commit nothing.
        Map<String, String> registration = Map.of("email", Accounts.uniqueEmail("outage"), "name", "During the outage",
                "password", Accounts.PASSWORD, "role", "student");
        long started = System.nanoTime();
        given().contentType("application/json").body(registration).when().post("/auth/register").then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", "5")
                .body("detail", equalTo("The database cannot be reached at the moment; try again shortly"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < HEALTH_CALL_LIMIT_MILLIS, "the 503 came too late");
        // Signed in: the account check of every authenticated request reads the database too; it must not
        // turn an outage into a 401 that sends the client back to its login.
        given().auth().oauth2(student).when().get("/progress/me").then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", "5");

        databaseProxy.restore();
        assertReadyWithSchema(schemaVersion, awaitReadinessStatusCode(200, "report UP after the database became reachable again"));
        // The same registration succeeds afterwards: the failed one left no account behind.
        given().contentType("application/json").body(registration).when().post("/auth/register").then().statusCode(201);
    }

    /**
     * Polls readiness until it answers with the status code, checking liveness on every round, since the
     * outage and the recovery are exactly when a liveness check that touches the database would fail.
     */
    private static Response awaitReadinessStatusCode(int statusCode, String expectation) {
        long deadline = System.nanoTime() + TRANSITION_LIMIT.toNanos();
        Response readiness = health("/q/health/ready");
        while (readiness.statusCode() != statusCode) {
            assertLive();
            if (System.nanoTime() > deadline) {
                fail("Readiness did not " + expectation + " within " + TRANSITION_LIMIT.toSeconds()
                        + " s; its last answer was " + readiness.statusCode() + " " + readiness.asString());
            }
            sleep(POLL_INTERVAL);
            readiness = health("/q/health/ready");
        }
        assertLive();
        return readiness;
    }

    private static void assertLive() {
        Response liveness = health("/q/health/live");
        assertEquals(200, liveness.statusCode(), () -> "Liveness must not depend on the database, yet it answered "
                + liveness.statusCode() + " " + liveness.asString());
        liveness.then().body("status", equalTo("UP"));
    }

    private static void assertReadyWithSchema(String schemaVersion, Response readiness) {
        readiness.then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(databaseCheck("status"), equalTo("UP"))
                .body(databaseCheck("data.reachable"), equalTo(true))
                .body(databaseCheck("data.schemaVersion"), equalTo(schemaVersion));
    }

    private static String databaseCheck(String path) {
        return "checks.find { it.name == 'database' }." + path;
    }

    private static Response health(String path) {
        RestAssuredConfig bounded = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", HEALTH_CALL_LIMIT_MILLIS)
                .setParam("http.socket.timeout", HEALTH_CALL_LIMIT_MILLIS));
        try {
            return given().config(bounded).when().get(ManagementInterface.url(path)).andReturn();
        } catch (Exception e) {
            // REST Assured rethrows the client's SocketTimeoutException as it is, which would not say what timed out.
            throw new AssertionError("GET " + path + " did not answer within " + HEALTH_CALL_LIMIT_MILLIS + " ms", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("Interrupted while waiting for readiness to change");
        }
    }
}
