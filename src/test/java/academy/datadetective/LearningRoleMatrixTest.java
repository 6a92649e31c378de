package academy.datadetective;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import academy.datadetective.auth.Accounts;
import academy.datadetective.dataset.Datasets;
import academy.datadetective.user.PasswordHasher;
import academy.datadetective.user.UserService;

/**
 * Who may call each learning endpoint: a caller without a token gets 401 (unless the endpoint is public),
 * a role the endpoint does not serve 403, and a role it serves the endpoint's success status on real data
 * (the teacher's own dataset and challenge, a real student). ORIGINAL.md §2 and §3 with the admin role of §10.
 */
@QuarkusTest
class LearningRoleMatrixTest {

    private static final Set<String> ALL = Set.of("student", "teacher", "admin");
    private static final Set<String> STAFF = Set.of("teacher", "admin");
    private static final Set<String> STUDENT = Set.of("student");
    private static final Set<String> TEACHER = Set.of("teacher");
    private static final String NONE = "none";
    private static final String DATA = "region,amount\nnorth,10\n";

    @Inject
    UserService users;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    DataSource dataSource;

    /**
     * @param body JSON, or a CSV sent as the multipart part {@code file} when {@code multipart}; in the path and the
     *        body, {@code {name}} stands for an id of the data the test made, and {@code {unique}} for a fresh word
     * @param success what a role the endpoint serves gets
     */
    private record Endpoint(String method, String path, String body, boolean multipart, Set<String> allowed, boolean isPublic,
            int success) {

        static Endpoint get(String path, Set<String> allowed) {
            return new Endpoint("GET", path, null, false, allowed, false, 200);
        }

        static Endpoint json(String method, String path, String body, Set<String> allowed, int success) {
            return new Endpoint(method, path, body, false, allowed, false, success);
        }

        static Endpoint upload(String path, String csv, Set<String> allowed, int success) {
            return new Endpoint("POST", path, csv, true, allowed, false, success);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    // Deletions last, each of something no other row uses.
    private static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.get("/challenges", ALL),
            Endpoint.get("/challenges/1", ALL),
            Endpoint.get("/challenges/1/1", ALL),
            Endpoint.json("POST", "/progress/submit", "{\"unit_id\":1,\"challenge_id\":1,\"query\":\"{solution}\"}", STUDENT, 200),
            Endpoint.get("/progress/me", ALL),
            Endpoint.get("/progress/user/{student}", STAFF),
            Endpoint.json("POST", "/hints/access", "{\"unit_id\":1,\"challenge_id\":2,\"hint_level\":1}", STUDENT, 201),
            new Endpoint("GET", "/leaderboard", null, false, ALL, true, 200),
            Endpoint.get("/reports/weekly", STAFF),
            Endpoint.get("/analytics/class", STAFF),
            Endpoint.get("/export/students", STAFF),
            Endpoint.upload("/import/students", "email,name\nimported-{unique}@example.com,Imported Student\n", STAFF, 200),
            Endpoint.upload("/datasets/upload", DATA, TEACHER, 201),
            Endpoint.get("/datasets", TEACHER),
            Endpoint.get("/datasets/{dataset}", TEACHER),
            Endpoint.json("POST", "/challenges/custom", "{\"dataset_id\":{dataset},\"title\":\"t\",\"description\":\"d\","
                    + "\"expected_query\":\"SELECT 1\",\"hints\":[\"\",\"\",\"\"]}", TEACHER, 201),
            Endpoint.get("/challenges/custom", TEACHER),
            Endpoint.get("/challenges/custom/{challenge}", TEACHER),
            Endpoint.json("PUT", "/challenges/custom/{challenge}", "{\"title\":\"t\"}", TEACHER, 200),
            Endpoint.json("DELETE", "/challenges/custom/{challengeToDelete}", null, TEACHER, 200),
            Endpoint.json("DELETE", "/datasets/{datasetToDelete}", null, TEACHER, 200));

    @Test
    void everyLearningEndpointAnswersEachRoleAsSpecified() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(NONE, null);
        Accounts.Account student = Accounts.register("student");
        tokens.put("student", Accounts.login(student).accessToken());
        tokens.put("teacher", Accounts.login(Accounts.register("teacher")).accessToken());
        tokens.put("admin", Accounts.login(Accounts.admin(users, passwordHasher)).accessToken());

        String teacher = tokens.get("teacher");
        long dataset = Datasets.upload(teacher, DATA);
        Map<String, String> ids = Map.of(
                "{student}", Long.toString(student.id()),
                "{dataset}", Long.toString(dataset),
                "{datasetToDelete}", Long.toString(Datasets.upload(teacher, DATA)),
                "{challenge}", Long.toString(customChallenge(teacher, dataset)),
                "{challengeToDelete}", Long.toString(customChallenge(teacher, dataset)),
                "{solution}", new TestSql(dataSource).string("SELECT sample_solution FROM challenges WHERE unit_id = 1 AND challenge_id = 1")
                        .replace("\"", "\\\""));

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Map.Entry<String, String> caller : tokens.entrySet()) {
                int status = call(endpoint, ids, caller.getValue());
                String role = caller.getKey();
                boolean served = endpoint.isPublic() || endpoint.allowed().contains(role);
                int expected = role.equals(NONE) && !endpoint.isPublic() ? 401 : served ? endpoint.success() : 403;
                if (status != expected) {
                    wrong.add(endpoint + " as " + role + " → " + status + ", expected " + expected);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static long customChallenge(String teacher, long dataset) {
        return given().auth().oauth2(teacher).contentType("application/json")
                .body(Map.of("dataset_id", dataset, "title", "Matrix", "description", "d", "expected_query", "SELECT 1",
                        "hints", List.of("", "", "")))
                .when().post("/challenges/custom").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static int call(Endpoint endpoint, Map<String, String> ids, String token) {
        RequestSpecification request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        String path = filledIn(endpoint.path(), ids);
        String body = endpoint.body() == null ? null : filledIn(endpoint.body(), ids);
        if (endpoint.multipart()) {
            request.multiPart("file", "data.csv", body.getBytes(StandardCharsets.UTF_8), "text/csv").multiPart("name", "Matrix");
        } else if (body != null) {
            request.contentType("application/json").body(body);
        }
        return request.when().request(endpoint.method(), path).statusCode();
    }

    private static String filledIn(String text, Map<String, String> ids) {
        String filled = text.replace("{unique}", UUID.randomUUID().toString());
        for (Map.Entry<String, String> id : ids.entrySet()) {
            filled = filled.replace(id.getKey(), id.getValue());
        }
        return filled;
    }
}
