package academy.datadetective.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

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
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.data.schemaVersion", equalTo(migrations.status().latestKnown().orElseThrow()))
                .body("checks.find { it.name == 'database' }.data.pendingMigrations", equalTo(0));
    }

    @Test
    void livenessDoesNotDependOnTheDatabase() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", not(hasItem("database")));
    }

    @Test
    void startedProbeIsUp() {
        given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
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
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("agroal_"));
    }

    @Test
    void healthChecksListIsNeverEmptyForReadiness() {
        given().when().get("/q/health/ready").then().body("checks", not(empty()));
    }
}
