package academy.datadetective.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import academy.datadetective.LogCapture;

/**
 * Passwords and tokens never reach a log line or a response they do not belong in: every record the
 * service logs while accounts register, log in (right and wrong), refresh, change and reset passwords is
 * captured at the root logger, with its parameters and exception, and searched for each secret.
 */
@QuarkusTest
class SecretsNeverLoggedTest {

    @Test
    void noSecretAppearsInAnyLogRecordOrWhereItDoesNotBelong() {
        LogCapture capture = LogCapture.of("");
        List<String> secrets = new ArrayList<>();
        List<String> responses = new ArrayList<>();
        try {
            String email = Accounts.uniqueEmail("secrets");
            String password = "first-Secret-" + System.nanoTime();
            String newPassword = "second-Secret-" + System.nanoTime();
            String wrongPassword = "wrong-Secret-" + System.nanoTime();
            secrets.addAll(List.of(password, newPassword, wrongPassword));

            responses.add(post("/auth/register", Map.of("email", email, "name", "Secret keeper", "password", password, "role", "student"), null)
                    .then().statusCode(201).extract().asString());
            responses.add(post("/auth/login", Map.of("email", email, "password", wrongPassword), null).then().statusCode(401).extract().asString());
            Response login = post("/auth/login", Map.of("email", email, "password", password), null);
            login.then().statusCode(200);
            String access = login.jsonPath().getString("access_token");
            String refresh = login.jsonPath().getString("refresh_token");
            secrets.addAll(List.of(access, refresh));

            Response refreshed = post("/auth/refresh", Map.of("refresh_token", refresh), null);
            refreshed.then().statusCode(200);
            secrets.add(refreshed.jsonPath().getString("refresh_token"));
            responses.add(post("/auth/password-change", Map.of("current_password", wrongPassword, "new_password", newPassword), access)
                    .then().extract().asString());
            responses.add(post("/auth/password-change", Map.of("current_password", password, "new_password", newPassword), access)
                    .then().statusCode(200).extract().asString());
            responses.add(post("/auth/password-reset-request", Map.of("email", email), null).then().statusCode(200).extract().asString());
            responses.add(post("/auth/register", Map.of("email", email, "name", "Again", "password", password, "role", "student"), null)
                    .then().statusCode(400).extract().asString());
            responses.add(post("/auth/register", Map.of("email", "not-an-email", "name", "x", "password", "p".repeat(200)), null)
                    .then().statusCode(422).extract().asString());
        } finally {
            capture.close();
        }
        List<String> logged = capture.texts();
        assertTrue(logged.stream().anyMatch(line -> line.contains("Failed login")), "the capture saw the service's log lines");
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            logged.stream().filter(line -> line.contains(secret)).forEach(line -> leaks.add("log: " + line));
            responses.stream().filter(body -> body.contains(secret)).forEach(body -> leaks.add("response: " + body));
        }
        assertEquals(List.of(), leaks);
    }

    private static Response post(String path, Map<String, ?> body, String token) {
        var request = given().contentType("application/json").body(body);
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.when().post(path);
    }
}
