package academy.datadetective.user;

import static academy.datadetective.auth.Accounts.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts.Account;
import academy.datadetective.auth.Accounts;
import academy.datadetective.auth.RefreshToken;
import academy.datadetective.challenge.CustomChallenge;
import academy.datadetective.dataset.Dataset;
import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.user.PasswordHasher;

/**
 * The suite shares one database: every test makes its own accounts and looks only at those (by id,
 * role filter or relative order), never at counts of the whole table.
 */
@QuarkusTest
class UserResourceTest {

    private static final String PERMISSION = "You do not have permission to access this resource";

    @Inject
    UserService userService;

    @Inject
    PasswordHasher passwordHasher;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    // --- helpers ------------------------------------------------------------------------------

    private static Account register(String role, String name) {
        String email = Accounts.uniqueEmail(role);
        long id = given().contentType("application/json")
                .body(Map.of("email", email, "name", name, "password", PASSWORD, "role", role))
                .when().post("/auth/register")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        return new Account(id, email, role);
    }

    private Account admin() {
        return Accounts.admin(userService, passwordHasher);
    }

    private static String token(Account account) {
        return Accounts.login(account).accessToken();
    }

    private static RequestSpecification as(String token) {
        RequestSpecification request = given();
        return token == null ? request : request.auth().oauth2(token);
    }

    private static String uniquePrefix() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + " ";
    }

    /** Built-in challenges by (unit, challenge) with the catalogue's points. */
    private static final Map<List<Integer>, Integer> POINTS = Map.of(
            List.of(1, 1), 100, List.of(1, 2), 150, List.of(1, 3), 200, List.of(2, 1), 250);

    /** As a correct submission leaves it; production writes these rows in SQL too. */
    private void complete(long userId, int unitId, int challengeId) {
        new TestSql(dataSource).execute("INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, query) VALUES ("
                + userId + ", " + unitId + ", " + challengeId + ", " + POINTS.get(List.of(unitId, challengeId)) + ", 'SELECT 1')");
    }

    private static long dataset(long teacherId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Dataset dataset = new Dataset();
            dataset.teacherId = teacherId;
            dataset.name = "Sales";
            dataset.originalFilename = "sales.csv";
            dataset.schema = new DatasetSchema(List.of(new DatasetSchema.Column("amount", DatasetSchema.ColumnType.INTEGER)));
            dataset.persist();
            return dataset.id;
        });
    }

    private static long customChallenge(long teacherId) {
        long datasetId = dataset(teacherId);
        return QuarkusTransaction.requiringNew().call(() -> {
            CustomChallenge custom = new CustomChallenge();
            custom.teacherId = teacherId;
            custom.datasetId = datasetId;
            custom.title = "Total sales";
            custom.description = "Sum the amounts";
            custom.points = 150;
            custom.difficulty = "easy";
            custom.expectedQuery = "SELECT sum(amount) FROM sales";
            custom.hints = List.of("Use SUM", "Of amount", "From sales");
            custom.isActive = true;
            custom.persist();
            return custom.id;
        });
    }

    /** Every listed account for these query parameters, page by page (at most 1000 a page). */
    private static List<Map<String, Object>> listAll(String token, Map<String, Object> query) {
        List<Map<String, Object>> all = new ArrayList<>();
        long total;
        do {
            Map<String, Object> parameters = new HashMap<>(query);
            parameters.put("offset", all.size());
            parameters.put("limit", 1000);
            JsonPath page = as(token).queryParams(parameters).when().get("/users")
                    .then().statusCode(200).extract().jsonPath();
            total = page.getLong("total_count");
            List<Map<String, Object>> rows = page.getList("students");
            all.addAll(rows);
            if (rows.isEmpty()) {
                break;
            }
        } while (all.size() < total);
        return all;
    }

    private static List<Long> idsOf(List<Map<String, Object>> rows, Account... only) {
        List<Long> wanted = java.util.Arrays.stream(only).map(Account::id).toList();
        return rows.stream().map(row -> ((Number) row.get("id")).longValue()).filter(wanted::contains).toList();
    }

    private static Map<String, Object> rowOf(List<Map<String, Object>> rows, Account account) {
        return rows.stream().filter(row -> ((Number) row.get("id")).longValue() == account.id()).findFirst()
                .orElseThrow(() -> new AssertionError("account " + account.id() + " not listed"));
    }

    // --- GET /users -------------------------------------------------------------------------

    @Test
    void listHasTheOriginalDefaultsAndShape() {
        register("student", "Listed Student");
        String teacher = token(Accounts.register("teacher"));
        ValidatableResponse response = as(teacher).when().get("/users").then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("offset", equalTo(0))
                .body("limit", equalTo(10))
                .body("total_count", notNullValue())
                .body("students.size()", lessThanOrEqualTo(10));
        Map<String, Object> first = response.extract().jsonPath().getMap("students[0]");
        for (String field : List.of("id", "email", "name", "role", "created_at", "total_points", "challenges_completed")) {
            assertTrue(first.containsKey(field), "list entries have " + field);
        }
        assertFalse(first.containsKey("password_hash"));
        assertFalse(first.containsKey("last_login"));
    }

    @Test
    void listAnswersWithAndWithoutTheTrailingSlashWithoutRedirecting() {
        String teacher = token(Accounts.register("teacher"));
        long total = as(teacher).redirects().follow(false).when().get("/users").then().statusCode(200)
                .extract().jsonPath().getLong("total_count");
        long slashed = as(teacher).redirects().follow(false).when().get("/users/").then().statusCode(200)
                .extract().jsonPath().getLong("total_count");
        assertEquals(total, slashed);
    }

    @Test
    void listIncludesTeachersAndFiltersByRole() {
        Account student = Accounts.register("student");
        Account teacher = Accounts.register("teacher");
        Account admin = admin();
        String token = token(teacher);

        assertEquals(List.of(student.id(), teacher.id(), admin.id()).stream().sorted().toList(),
                idsOf(listAll(token, Map.of("sort", "date")), student, teacher, admin).stream().sorted().toList());

        List<Map<String, Object>> students = listAll(token, Map.of("role", "student"));
        assertEquals(List.of(student.id()), idsOf(students, student, teacher, admin));
        assertTrue(students.stream().allMatch(row -> "student".equals(row.get("role"))));

        List<Map<String, Object>> teachers = listAll(token, Map.of("role", "teacher"));
        assertEquals(List.of(teacher.id()), idsOf(teachers, student, teacher, admin));
        assertTrue(teachers.stream().allMatch(row -> "teacher".equals(row.get("role"))));

        as(token).queryParam("role", "nobody").when().get("/users").then()
                .statusCode(200).body("total_count", equalTo(0)).body("students", org.hamcrest.Matchers.empty());
    }

    @Test
    void statsSumEveryProgressRowCustomChallengesIncluded() {
        Account teacher = Accounts.register("teacher");
        Account busy = Accounts.register("student");
        Account idle = Accounts.register("student");
        complete(busy.id(), 1, 1);
        complete(busy.id(), 1, 2);
        complete(busy.id(), 2, 1);
        long custom = customChallenge(teacher.id());
        new TestSql(dataSource).execute("INSERT INTO progress (user_id, custom_challenge_id, points_earned, query) VALUES ("
                + busy.id() + ", " + custom + ", 150, 'select sum(amount) from sales')");

        List<Map<String, Object>> rows = listAll(token(teacher), Map.of("role", "student"));
        Map<String, Object> busyRow = rowOf(rows, busy);
        assertEquals(100 + 150 + 250 + 150, ((Number) busyRow.get("total_points")).intValue());
        assertEquals(4, ((Number) busyRow.get("challenges_completed")).intValue());
        Map<String, Object> idleRow = rowOf(rows, idle);
        assertEquals(0, ((Number) idleRow.get("total_points")).intValue());
        assertEquals(0, ((Number) idleRow.get("challenges_completed")).intValue());
    }

    @Test
    void sortByNameIsTheDefaultAndAscending() {
        String prefix = uniquePrefix();
        Account bea = register("student", prefix + "Bea");
        Account ann = register("student", prefix + "Ann");
        Account cid = register("student", prefix + "Cid");
        String teacher = token(Accounts.register("teacher"));

        assertEquals(List.of(ann.id(), bea.id(), cid.id()), idsOf(listAll(teacher, Map.of("role", "student")), bea, ann, cid));
        assertEquals(List.of(ann.id(), bea.id(), cid.id()),
                idsOf(listAll(teacher, Map.of("role", "student", "sort", "name")), bea, ann, cid));
    }

    @Test
    void sortByPointsIsDescendingThenByName() {
        String prefix = uniquePrefix();
        Account low = register("student", prefix + "Bob");
        Account high = register("student", prefix + "Zed");
        Account tied = register("student", prefix + "Abe");
        Account none = register("student", prefix + "Aaa");
        complete(low.id(), 1, 1);
        complete(high.id(), 1, 1);
        complete(high.id(), 1, 2);
        complete(high.id(), 2, 1);
        complete(tied.id(), 1, 1);
        String teacher = token(Accounts.register("teacher"));

        assertEquals(List.of(high.id(), tied.id(), low.id(), none.id()),
                idsOf(listAll(teacher, Map.of("role", "student", "sort", "points")), low, high, tied, none));
    }

    @Test
    void sortByDateIsOldestFirst() {
        String prefix = uniquePrefix();
        Account first = register("student", prefix + "Cy");
        Account second = register("student", prefix + "By");
        Account third = register("student", prefix + "Ay");
        String teacher = token(Accounts.register("teacher"));

        assertEquals(List.of(first.id(), second.id(), third.id()),
                idsOf(listAll(teacher, Map.of("role", "student", "sort", "date")), third, first, second));
    }

    @Test
    void badQueryParametersAreValidationProblems() {
        String teacher = token(Accounts.register("teacher"));
        as(teacher).queryParam("sort", "email").when().get("/users").then()
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("sort"));
        as(teacher).queryParam("limit", 2000).when().get("/users").then()
                .statusCode(422).body("errors.field", hasItem("limit"));
        as(teacher).queryParam("limit", 0).when().get("/users").then()
                .statusCode(422).body("errors.field", hasItem("limit"));
        as(teacher).queryParam("offset", -1).when().get("/users").then()
                .statusCode(422).body("errors.field", hasItem("offset"));
        as(teacher).queryParam("limit", 1000).when().get("/users").then().statusCode(200).body("limit", equalTo(1000));
    }

    @Test
    void offsetAndLimitPageTheOrderedList() {
        for (int i = 0; i < 4; i++) {
            Accounts.register("student");
        }
        String teacher = token(Accounts.register("teacher"));
        JsonPath all = as(teacher).queryParams(Map.of("role", "student", "sort", "date", "limit", 1000))
                .when().get("/users").then().statusCode(200).extract().jsonPath();
        List<Long> ids = all.getList("students.id", Long.class);

        JsonPath page = as(teacher).queryParams(Map.of("role", "student", "sort", "date", "offset", 2, "limit", 2))
                .when().get("/users").then().statusCode(200)
                .body("offset", equalTo(2))
                .body("limit", equalTo(2))
                .extract().jsonPath();
        assertEquals(ids.subList(2, 4), page.getList("students.id", Long.class));
        assertEquals(all.getLong("total_count"), page.getLong("total_count"), "the total ignores paging");
    }

    @Test
    void onlyTeachersAndAdminsMayList() {
        String student = token(Accounts.register("student"));
        as(student).when().get("/users").then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo(PERMISSION));
        as(student).queryParam("sort", "bad").when().get("/users/").then().statusCode(403);
        given().when().get("/users").then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("detail", notNullValue());
        as(token(admin())).when().get("/users").then().statusCode(200);
    }

    @Test
    void deactivatedAccountsAreListedOnlyOnRequest() {
        Account teacher = Accounts.register("teacher");
        Account gone = Accounts.register("student");
        Account active = Accounts.register("student");
        String token = token(teacher);
        as(token).when().post("/users/" + gone.id() + "/deactivate").then().statusCode(200);

        assertEquals(List.of(active.id()), idsOf(listAll(token, Map.of("role", "student")), gone, active));
        List<Map<String, Object>> withDeactivated = listAll(token, Map.of("role", "student", "include_deactivated", true));
        assertEquals(true, rowOf(withDeactivated, gone).get("deactivated"));
        assertEquals(false, rowOf(withDeactivated, active).get("deactivated"));
    }

    // --- /users/me ----------------------------------------------------------------------------

    @Test
    void meShowsTheCallerWithoutSecrets() {
        Account student = register("student", "Me Myself");
        as(token(student)).when().get("/users/me").then()
                .statusCode(200)
                .body("id", equalTo((int) student.id()))
                .body("email", equalTo(student.email()))
                .body("name", equalTo("Me Myself"))
                .body("role", equalTo("student"))
                .body("created_at", notNullValue())
                .body("$", not(hasKey("password_hash")))
                .body("$", not(hasKey("last_login")));
        given().when().get("/users/me").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        as("not-a-jwt").when().get("/users/me").then().statusCode(401).body("detail", containsString("credentials"));
    }

    @Test
    void putMeChangesOnlyTheNameAndPersists() {
        Account teacher = register("teacher", "Old Name");
        String token = token(teacher);
        for (int i = 0; i < 2; i++) {
            as(token).contentType("application/json").body(Map.of("name", "  New Name ", "role", "admin", "email", "x@example.com"))
                    .when().put("/users/me").then()
                    .statusCode(200)
                    .body("name", equalTo("New Name"))
                    .body("email", equalTo(teacher.email()))
                    .body("role", equalTo("teacher"));
        }
        as(token).when().get("/users/me").then().body("name", equalTo("New Name")).body("role", equalTo("teacher"));
        as(token).contentType("application/json").body(Map.of("name", "x".repeat(100)))
                .when().put("/users/me").then().statusCode(200);
    }

    @Test
    void putMeRefusesBlankAndOverlongNames() {
        String token = token(Accounts.register("student"));
        for (String name : List.of("", "   ", "x".repeat(101))) {
            as(token).contentType("application/json").body(Map.of("name", name))
                    .when().put("/users/me").then()
                    .statusCode(422)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors.field", hasItem("name"));
        }
        as(token).contentType("application/json").body(Map.of()).when().put("/users/me").then()
                .statusCode(422).body("errors.field", hasItem("name"));
        as(token).when().get("/users/me").then().body("name", equalTo("Test student"));
    }

    // --- GET /users/{id} --------------------------------------------------------------------

    @Test
    void teachersAndAdminsReadAnyoneStudentsOnlyThemselves() {
        Account student = Accounts.register("student");
        Account other = Accounts.register("student");
        Account teacher = Accounts.register("teacher");
        Account otherTeacher = Accounts.register("teacher");
        String studentToken = token(student);
        String teacherToken = token(teacher);

        as(teacherToken).when().get("/users/" + otherTeacher.id()).then()
                .statusCode(200).body("id", equalTo((int) otherTeacher.id())).body("role", equalTo("teacher"));
        as(teacherToken).when().get("/users/" + student.id()).then()
                .statusCode(200).body("email", equalTo(student.email())).body("$", not(hasKey("password_hash")));
        as(token(admin())).when().get("/users/" + teacher.id()).then().statusCode(200);
        as(studentToken).when().get("/users/" + student.id()).then().statusCode(200).body("id", equalTo((int) student.id()));
        as(studentToken).when().get("/users/" + other.id()).then()
                .statusCode(403).body("detail", containsString("permission"));
        as(studentToken).when().get("/users/" + teacher.id()).then().statusCode(403);
        as(studentToken).when().get("/users/" + Long.MAX_VALUE).then().statusCode(403);
        as(teacherToken).when().get("/users/" + Long.MAX_VALUE).then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("User not found"));
        as(studentToken).queryParam("detailed", true).when().get("/users/" + student.id()).then()
                .statusCode(200).body("user.id", equalTo((int) student.id())).body("units", hasSize(3));
    }

    // --- PUT /users/{id} --------------------------------------------------------------------

    @Test
    void adminsChangeNamesAndRoles() {
        Account student = register("student", "Promote Me");
        String studentToken = token(student);
        Account admin = admin();
        String adminToken = token(admin);

        as(adminToken).contentType("application/json").body(Map.of("role", "teacher"))
                .when().put("/users/" + student.id()).then()
                .statusCode(200)
                .body("id", equalTo((int) student.id()))
                .body("role", equalTo("teacher"))
                .body("name", equalTo("Promote Me"));
        // the role in the database counts, so the token issued to a student now acts as a teacher
        as(studentToken).when().get("/users").then().statusCode(200);

        as(adminToken).contentType("application/json").body(Map.of("name", " Renamed "))
                .when().put("/users/" + student.id()).then()
                .statusCode(200).body("name", equalTo("Renamed")).body("role", equalTo("teacher"));
        as(adminToken).contentType("application/json").body(Map.of())
                .when().put("/users/" + student.id()).then()
                .statusCode(200).body("name", equalTo("Renamed")).body("role", equalTo("teacher"))
                .body("email", equalTo(student.email()));
        as(adminToken).when().get("/users/" + student.id()).then().body("name", equalTo("Renamed"));
    }

    @Test
    void adminUpdatesAreValidatedAndLimited() {
        Account student = Accounts.register("student");
        Account admin = admin();
        String adminToken = token(admin);
        as(adminToken).contentType("application/json").body(Map.of("role", "superuser", "name", " "))
                .when().put("/users/" + student.id()).then()
                .statusCode(422)
                .body("errors.field", hasItem("role"))
                .body("errors.field", hasItem("name"));
        as(adminToken).contentType("application/json").body(Map.of("name", "x".repeat(101)))
                .when().put("/users/" + student.id()).then().statusCode(422).body("errors.field", hasItem("name"));
        as(adminToken).contentType("application/json").body(Map.of("name", "Nobody"))
                .when().put("/users/" + Long.MAX_VALUE).then().statusCode(404).body("detail", equalTo("User not found"));
        as(adminToken).contentType("application/json").body(Map.of("role", "student"))
                .when().put("/users/" + admin.id()).then().statusCode(403);
        as(adminToken).contentType("application/json").body(Map.of("role", "admin", "name", "Still Admin"))
                .when().put("/users/" + admin.id()).then().statusCode(200).body("name", equalTo("Still Admin"));
        String teacherToken = token(Accounts.register("teacher"));
        as(teacherToken).contentType("application/json").body(Map.of("name", "Hacked"))
                .when().put("/users/" + student.id()).then().statusCode(403);
        // 403 before 422: a caller who may not update learns nothing about the body
        as(teacherToken).contentType("application/json").body(Map.of("role", "superuser"))
                .when().put("/users/" + student.id()).then().statusCode(403);
    }

    // --- deactivate / reactivate --------------------------------------------------------------

    @Test
    void deactivationEndsEverySessionAndReactivationAllowsLoginAgain() {
        Account student = Accounts.register("student");
        Accounts.Session session = Accounts.login(student);
        String teacher = token(Accounts.register("teacher"));

        as(teacher).when().post("/users/" + student.id() + "/deactivate").then()
                .statusCode(200)
                .body("user.id", equalTo((int) student.id()))
                .body("user.email", equalTo(student.email()))
                .body("deactivated", equalTo(true))
                .body("deactivated_at", notNullValue());
        as(session.accessToken()).when().get("/users/me").then().statusCode(401);
        given().contentType("application/json").body(Map.of("refresh_token", session.refreshToken()))
                .when().post("/auth/refresh").then().statusCode(401);
        given().contentType("application/json").body(Map.of("email", student.email(), "password", PASSWORD))
                .when().post("/auth/login").then().statusCode(401);
        // deactivating twice is harmless; teachers still see the account
        as(teacher).when().post("/users/" + student.id() + "/deactivate").then().statusCode(200).body("deactivated", equalTo(true));
        as(teacher).when().get("/users/" + student.id()).then().statusCode(200);

        as(teacher).contentType("text/plain").when().post("/users/" + student.id() + "/reactivate").then()
                .statusCode(200)
                .body("user.id", equalTo((int) student.id()))
                .body("deactivated", equalTo(false))
                .body("deactivated_at", nullValue());
        given().contentType("application/json").body(Map.of("refresh_token", session.refreshToken()))
                .when().post("/auth/refresh").then().statusCode(401);
        as(token(student)).when().get("/users/me").then().statusCode(200);
    }

    @Test
    void teachersManageStudentsOnlyAndAdminsAnyoneButThemselves() {
        Account teacher = Accounts.register("teacher");
        Account otherTeacher = Accounts.register("teacher");
        Account admin = admin();
        Account otherAdmin = admin();
        String teacherToken = token(teacher);
        String adminToken = token(admin);

        as(teacherToken).when().post("/users/" + otherTeacher.id() + "/deactivate").then()
                .statusCode(403).body("detail", equalTo(PERMISSION));
        as(teacherToken).when().post("/users/" + teacher.id() + "/deactivate").then().statusCode(403);
        as(teacherToken).when().post("/users/" + admin.id() + "/deactivate").then().statusCode(403);
        as(teacherToken).when().post("/users/" + otherTeacher.id() + "/reactivate").then().statusCode(403);
        as(teacherToken).when().post("/users/" + Long.MAX_VALUE + "/deactivate").then()
                .statusCode(404).body("detail", equalTo("User not found"));
        as(teacherToken).when().get("/users/me").then().statusCode(200);

        as(adminToken).when().post("/users/" + admin.id() + "/deactivate").then()
                .statusCode(403).body("detail", containsString("your own account"));
        as(adminToken).when().get("/users/me").then().statusCode(200);
        as(adminToken).when().post("/users/" + otherTeacher.id() + "/deactivate").then().statusCode(200).body("deactivated", equalTo(true));
        as(adminToken).when().post("/users/" + otherTeacher.id() + "/reactivate").then().statusCode(200).body("deactivated", equalTo(false));
        as(adminToken).when().post("/users/" + otherAdmin.id() + "/deactivate").then().statusCode(200).body("deactivated", equalTo(true));
        as(adminToken).when().post("/users/" + otherAdmin.id() + "/reactivate").then().statusCode(200);
    }

    // --- DELETE /users/{id} -----------------------------------------------------------------

    @Test
    void deletingAnAccountRemovesItsSessionsAndLearningHistory() {
        Account student = Accounts.register("student");
        Accounts.Session session = Accounts.login(student);
        complete(student.id(), 1, 1);
        complete(student.id(), 2, 1);
        TestSql db = new TestSql(dataSource);
        db.execute("INSERT INTO attempts (user_id, unit_id, challenge_id, query, is_correct) VALUES (" + student.id() + ", 1, 1, 'SELECT 1', false)");
        db.execute("INSERT INTO hints (user_id, unit_id, challenge_id, hint_level) VALUES (" + student.id() + ", 1, 1, 1)");
        String adminToken = token(admin());

        as(adminToken).when().delete("/users/" + student.id()).then().statusCode(204);

        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(0, db.count("progress WHERE user_id = " + student.id()));
            assertEquals(0, db.count("attempts WHERE user_id = " + student.id()));
            assertEquals(0, db.count("hints WHERE user_id = " + student.id()));
            assertEquals(0, RefreshToken.count("userId", student.id()));
            assertEquals(0, User.count("id", student.id()));
        });
        as(session.accessToken()).when().get("/users/me").then().statusCode(401);
        as(adminToken).when().get("/users/" + student.id()).then().statusCode(404);
        as(adminToken).when().delete("/users/" + student.id()).then().statusCode(404).body("detail", equalTo("User not found"));
    }

    @Test
    void aTeacherWhoOwnsDatasetsCannotBeDeleted() {
        Account teacher = Accounts.register("teacher");
        dataset(teacher.id());
        Account admin = admin();
        String adminToken = token(admin);

        as(adminToken).when().delete("/users/" + teacher.id()).then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("User owns datasets or challenges; deactivate the account instead"));
        as(adminToken).when().get("/users/" + teacher.id()).then().statusCode(200);
        as(adminToken).when().post("/users/" + teacher.id() + "/deactivate").then().statusCode(200);

        as(adminToken).when().delete("/users/" + admin.id()).then().statusCode(403);
        as(adminToken).when().get("/users/me").then().statusCode(200);
        Account student = Accounts.register("student");
        as(token(Accounts.register("teacher"))).when().delete("/users/" + student.id()).then().statusCode(403);
        as(adminToken).when().get("/users/" + student.id()).then().statusCode(200);
    }

    // --- who may do what ----------------------------------------------------------------------

    private record Callers(String student, String teacher, String admin) {
    }

    private record Case(String method, Function<Callers, String> path, Object body, int anonymous, int student, int teacher, int admin) {
    }

    @Test
    void roleMatrix() {
        Callers callers = new Callers(token(Accounts.register("student")), token(Accounts.register("teacher")), token(admin()));
        long someStudent = Accounts.register("student").id();
        long someTeacher = Accounts.register("teacher").id();
        Supplier<Long> freshStudent = () -> Accounts.register("student").id();
        Map<String, String> name = Map.of("name", "Matrix Name");

        List<Case> cases = List.of(
                new Case("GET", c -> "/users", null, 401, 403, 200, 200),
                new Case("GET", c -> "/users/", null, 401, 403, 200, 200),
                new Case("GET", c -> "/users/me", null, 401, 200, 200, 200),
                new Case("PUT", c -> "/users/me", name, 401, 200, 200, 200),
                new Case("GET", c -> "/users/" + someStudent, null, 401, 403, 200, 200),
                new Case("GET", c -> "/users/" + someTeacher, null, 401, 403, 200, 200),
                new Case("PUT", c -> "/users/" + someStudent, name, 401, 403, 403, 200),
                new Case("POST", c -> "/users/" + someStudent + "/deactivate", null, 401, 403, 200, 200),
                new Case("POST", c -> "/users/" + someStudent + "/reactivate", null, 401, 403, 200, 200),
                new Case("POST", c -> "/users/" + someTeacher + "/deactivate", null, 401, 403, 403, 200),
                new Case("POST", c -> "/users/" + someTeacher + "/reactivate", null, 401, 403, 403, 200),
                new Case("DELETE", c -> "/users/" + freshStudent.get(), null, 401, 403, 403, 204));

        List<Executable> checks = new ArrayList<>();
        for (Case row : cases) {
            Map<String, Integer> expected = new java.util.LinkedHashMap<>();
            expected.put("anonymous", row.anonymous());
            expected.put("student", row.student());
            expected.put("teacher", row.teacher());
            expected.put("admin", row.admin());
            Map<String, String> tokens = new HashMap<>();
            tokens.put("student", callers.student());
            tokens.put("teacher", callers.teacher());
            tokens.put("admin", callers.admin());
            expected.forEach((caller, status) -> {
                String path = row.path().apply(callers);
                RequestSpecification request = as(tokens.get(caller));
                if (row.body() != null) {
                    request = request.contentType("application/json").body(row.body());
                }
                int actual = request.when().request(row.method(), path).then().extract().statusCode();
                checks.add(() -> assertEquals(status, actual, row.method() + " " + path + " as " + caller));
            });
        }
        assertAll(checks);
    }
}
