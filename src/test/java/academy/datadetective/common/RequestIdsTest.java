package academy.datadetective.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.LogCapture;

@QuarkusTest
class RequestIdsTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void everyAnswerCarriesItsRequestIdAndKeepsAPlainOneFromTheIngress() {
        String first = given().when().get("/api/info").then().statusCode(200).header(RequestIds.HEADER, matchesPattern(UUID))
                .extract().header(RequestIds.HEADER);
        String second = given().when().get("/api/info").then().extract().header(RequestIds.HEADER);
        assertNotEquals(first, second);
        given().header(RequestIds.HEADER, "ingress-7f3a.42_b").when().get("/api/info").then()
                .header(RequestIds.HEADER, "ingress-7f3a.42_b");
        // Not a plain token (it could forge a log line): replaced.
        given().header(RequestIds.HEADER, "x\" level=ERROR forged").when().get("/no/such/path").then().statusCode(404)
                .header(RequestIds.HEADER, matchesPattern(UUID));
    }

    @Test
    void theLogLinesOfAFailedRequestAndItsAnswerShareTheId() {
        try (LogCapture capture = LogCapture.of("academy.datadetective.common")) {
            String id = "trace-0123456789";
            given().header(RequestIds.HEADER, id).contentType("application/json").body("{}").when().post("/test-only/problems/boom")
                    .then().statusCode(500).header(RequestIds.HEADER, id).body("detail", containsString(id));
            assertEquals(List.of(id), capture.lines().stream().filter(line -> line.text().startsWith("Unexpected error"))
                    .map(LogCapture.Line::requestId).toList());
        }
    }
}
