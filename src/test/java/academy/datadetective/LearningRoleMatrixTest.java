package academy.datadetective;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import academy.datadetective.auth.Accounts;
import academy.datadetective.auth.PasswordHasher;
import academy.datadetective.user.UserService;

/**
 * Who may call each learning endpoint: a caller without a token gets 401 (unless the endpoint is public),
 * a role the endpoint does not serve 403, and a role it serves anything but those two (the request itself
 * may still be refused, e.g. 404 for an unknown id). ORIGINAL.md §2 and §3 with the admin role of §10.
 */
@QuarkusTest
class LearningRoleMatrixTest {

    private static final Set<String> ALL = Set.of("student", "teacher", "admin");
    private static final Set<String> STAFF = Set.of("teacher", "admin");
    private static final Set<String> STUDENT = Set.of("student");
    private static final Set<String> TEACHER = Set.of("teacher");
    private static final String NONE = "none";
    private static final long UNKNOWN = 999_999_999L;

    @Inject
    UserService users;

    @Inject
    PasswordHasher passwordHasher;

    /** @param body JSON, or a CSV sent as the multipart part {@code file} when {@code multipart} */
    private record Endpoint(String method, String path, String body, boolean multipart, Set<String> allowed, boolean isPublic) {

        static Endpoint get(String path, Set<String> allowed) {
            return new Endpoint("GET", path, null, false, allowed, false);
        }

        static Endpoint json(String method, String path, String body, Set<String> allowed) {
            return new Endpoint(method, path, body, false, allowed, false);
        }

        static Endpoint upload(String path, Set<String> allowed) {
            return new Endpoint("POST", path, "a\n1\n", true, allowed, false);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.get("/challenges", ALL),
            Endpoint.get("/challenges/1", ALL),
            Endpoint.get("/challenges/1/1", ALL),
            Endpoint.json("POST", "/progress/submit", "{\"unit_id\":1,\"challenge_id\":1,\"query\":\"SELECT 1\"}", STUDENT),
            Endpoint.get("/progress/me", ALL),
            Endpoint.get("/progress/user/" + UNKNOWN, STAFF),
            Endpoint.json("POST", "/hints/access", "{\"unit_id\":1,\"challenge_id\":1,\"hint_level\":1}", STUDENT),
            new Endpoint("GET", "/leaderboard", null, false, ALL, true),
            Endpoint.get("/reports/weekly", STAFF),
            Endpoint.get("/analytics/class", STAFF),
            Endpoint.get("/export/students", STAFF),
            Endpoint.upload("/import/students", STAFF),
            Endpoint.upload("/datasets/upload", TEACHER),
            Endpoint.get("/datasets", TEACHER),
            Endpoint.get("/datasets/" + UNKNOWN, TEACHER),
            Endpoint.json("DELETE", "/datasets/" + UNKNOWN, null, TEACHER),
            Endpoint.json("POST", "/challenges/custom", "{\"dataset_id\":" + UNKNOWN
                    + ",\"title\":\"t\",\"description\":\"d\",\"expected_query\":\"SELECT 1\",\"hints\":[\"\",\"\",\"\"]}", TEACHER),
            Endpoint.get("/challenges/custom", TEACHER),
            Endpoint.get("/challenges/custom/" + UNKNOWN, TEACHER),
            Endpoint.json("PUT", "/challenges/custom/" + UNKNOWN, "{\"title\":\"t\"}", TEACHER),
            Endpoint.json("DELETE", "/challenges/custom/" + UNKNOWN, null, TEACHER));

    @Test
    void everyLearningEndpointAnswersEachRoleAsSpecified() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(NONE, null);
        tokens.put("student", Accounts.login(Accounts.register("student")).accessToken());
        tokens.put("teacher", Accounts.login(Accounts.register("teacher")).accessToken());
        tokens.put("admin", Accounts.login(Accounts.admin(users, passwordHasher)).accessToken());

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Map.Entry<String, String> caller : tokens.entrySet()) {
                int status = call(endpoint, caller.getValue());
                String role = caller.getKey();
                boolean served = endpoint.isPublic() || endpoint.allowed().contains(role);
                boolean expected = role.equals(NONE) && !endpoint.isPublic() ? status == 401
                        : served ? status != 401 && status != 403 && status < 500 : status == 403;
                if (!expected) {
                    wrong.add(endpoint + " as " + role + " → " + status);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static int call(Endpoint endpoint, String token) {
        RequestSpecification request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        if (endpoint.multipart()) {
            request.multiPart("file", "data.csv", endpoint.body().getBytes(StandardCharsets.UTF_8), "text/csv").multiPart("name", "Matrix");
        } else if (endpoint.body() != null) {
            request.contentType("application/json").body(endpoint.body());
        }
        return request.when().request(endpoint.method(), endpoint.path()).statusCode();
    }
}
