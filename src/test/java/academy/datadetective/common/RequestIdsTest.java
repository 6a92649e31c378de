package academy.datadetective.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

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
        // The request id as each record carried it when it was published, on the serving thread.
        List<String> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext && record.getMessage() != null && ext.getFormattedMessage().startsWith("Unexpected error")) {
                    records.add(String.valueOf(ext.getMdc(RequestIds.MDC_KEY)));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("academy.datadetective.common");
        logger.addHandler(capture);
        try {
            String id = "trace-0123456789";
            given().header(RequestIds.HEADER, id).contentType("application/json").body("{}").when().post("/test-only/problems/boom")
                    .then().statusCode(500).header(RequestIds.HEADER, id).body("detail", containsString(id));
            assertEquals(List.of(id), records);
        } finally {
            logger.removeHandler(capture);
        }
    }
}
