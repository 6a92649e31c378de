package academy.datadetective.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import academy.datadetective.auth.Accounts;
import academy.datadetective.migration.MigrationService;

@QuarkusTest
class ServiceInfoResourceTest {

    @Inject
    MigrationService migrations;

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void rootNamesTheServiceAndItsVersion() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType("application/json")
                .body("name", equalTo("Data Detective Academy API"))
                .body("message", equalTo("Welcome to Data Detective Academy API"))
                .body("version", equalTo("1.0.0-SNAPSHOT"));
    }

    @Test
    void apiInfoReportsTheEnvironment() {
        given().when().get("/api/info")
                .then().statusCode(200)
                .body("app", equalTo("Data Detective Academy"))
                .body("environment", equalTo("development"));
    }

    @Test
    void legacyHealthKeepsTheOriginalShape() {
        given().when().get("/health")
                .then().statusCode(200)
                .body("status", equalTo("healthy"))
                .body("checks.database", equalTo("ok"))
                .body("checks.migrations", equalTo("ok"))
                .body("uptime_seconds", greaterThanOrEqualTo(0))
                .body("timestamp", containsString("Z"));
    }

    @Test
    void readinessReportsTheSchemaVersion() {
        given().when().get(ManagementInterface.url("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.data.schemaVersion", equalTo(migrations.status().latestKnown().orElseThrow()))
                .body("checks.find { it.name == 'database' }.data.pendingMigrations", equalTo(0));
    }

    @Test
    void livenessDoesNotDependOnTheDatabase() {
        given().when().get(ManagementInterface.url("/q/health/live"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", not(hasItem("database")));
    }

    @Test
    void startedProbeIsUp() {
        given().when().get(ManagementInterface.url("/q/health/started")).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Data Detective Academy API"))
                .body("paths", notNullValue())
                .body("paths.'/api/info'", notNullValue());
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().when().get(ManagementInterface.url("/q/metrics"))
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("agroal_"));
    }

    @Test
    void healthAndMetricsAreNotServedOnThePublicPort() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/health/started", "/q/health/group/backups",
                "/q/metrics")) {
            given().when().get(path).then().statusCode(404);
        }
        assertNotEquals(TestHTTPResourceManager.getUri(), ManagementInterface.url(""));
    }

    @Test
    void everyPublicAnswerCarriesTheSecurityHeaders() {
        for (io.restassured.response.Response response : List.of(given().when().get("/"), given().when().get("/no-such-path"),
                given().when().get("/q/openapi"), given().contentType("application/json").body("{}").when().post("/auth/login"))) {
            response.then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", "frame-ancestors 'none'")
                    .header("X-Frame-Options", "DENY")
                    .header("Strict-Transport-Security", nullValue());
        }
        given().when().get("/").then().header("Cache-Control", nullValue());
    }

    @Test
    void answersCarryingTokensAreNeverCached() {
        Accounts.Account account = Accounts.register("student");
        io.restassured.response.Response login = given().contentType("application/json")
                .body(Map.of("email", account.email(), "password", Accounts.PASSWORD)).when().post("/auth/login");
        login.then().statusCode(200).header("Cache-Control", "no-store");
        given().contentType("application/json").body(Map.of("refresh_token", login.path("refresh_token")))
                .when().post("/auth/refresh").then().statusCode(200).header("Cache-Control", "no-store");
        given().contentType("application/json").body(Map.of("email", account.email(), "password", "wrong password"))
                .when().post("/auth/login").then().statusCode(401).header("Cache-Control", "no-store");
    }

    @Test
    void healthChecksListIsNeverEmptyForReadiness() {
        given().when().get(ManagementInterface.url("/q/health/ready")).then().body("checks", not(empty()));
    }
}
