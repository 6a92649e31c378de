package academy.datadetective.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class ProblemResponsesTest {

    private static final String PROBE = "/test-only/problems";

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("title", not(nullValue()))
                .body("type", not(nullValue()))
                .body("detail", not(nullValue()))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }

    @Test
    void unknownPathIsA404Problem() {
        assertProblem(given().when().get("/no/such/path").then(), 404)
                .body("title", equalTo("Not Found"))
                .body("instance", equalTo("/no/such/path"));
    }

    @Test
    void unknownPathUnderTheApiRootIsA404Problem() {
        assertProblem(given().accept("application/json").when().get("/api/nothing-here").then(), 404);
    }

    @Test
    void wrongMethodIsA405Problem() {
        assertProblem(given().when().delete("/api/info").then(), 405);
    }

    @Test
    void wrongContentTypeIsA415Problem() {
        assertProblem(given().contentType("text/plain").body("name=x").when().post(PROBE).then(), 415);
    }

    @Test
    void malformedJsonIsA422Problem() {
        assertProblem(given().contentType("application/json").body("{\"name\": \"x\", ").when().post(PROBE).then(), 422)
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        assertProblem(given().contentType("application/json").body("{\"name\": \"x\", \"score\": \"many\"}")
                .when().post(PROBE).then(), 422)
                .body("errors.field", hasItem("score"));
    }

    @Test
    void validationFailuresListEveryField() {
        assertProblem(given().contentType("application/json").body("{\"name\": \"  \", \"score\": -1}")
                .queryParam("limit", 2000)
                .when().post(PROBE).then(), 422)
                .body("errors", hasSize(3))
                .body("errors.field", allOf(hasItem("name"), hasItem("score"), hasItem("limit")));
    }

    @Test
    void unconvertibleQueryParameterIsAValidationProblem() {
        assertProblem(given().contentType("application/json").body("{\"name\": \"x\", \"score\": 1}")
                .queryParam("limit", "abc")
                .when().post(PROBE).then(), 422)
                .body("detail", containsString("wrong type"));
        assertProblem(given().when().get("/users/not-a-number").then(), 401);
    }

    @Test
    void missingBodyIsAValidationProblem() {
        assertProblem(given().contentType("application/json").when().post(PROBE).then(), 422);
    }

    @Test
    void validRequestPassesThrough() {
        given().contentType("application/json").body("{\"name\": \"Alice\", \"score\": 3}")
                .when().post(PROBE)
                .then().statusCode(200).body("name", equalTo("Alice"));
    }

    @Test
    void unexpectedErrorsHideTheirCause() {
        assertProblem(given().contentType("application/json").body("{}").when().post(PROBE + "/boom").then(), 500)
                .body(not(containsString("SELECT")))
                .body(not(containsString("IllegalStateException")))
                .body("detail", containsString("error id"));
    }
}
