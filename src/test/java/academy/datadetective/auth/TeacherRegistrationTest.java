package academy.datadetective.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.user.PasswordHasher;
import academy.datadetective.user.UserService;

/** The prod default (REGISTRATION_TEACHER_ALLOWED=false): trust is granted by an administrator, not taken. */
@QuarkusTest
@TestProfile(LoginThrottleTest.StrictLimits.class)
class TeacherRegistrationTest {

    @Inject
    UserService users;

    @Inject
    PasswordHasher hasher;

    @Test
    void strangersCannotRegisterAsTeachers() {
        String address = Accounts.freshAddress();
        given().contentType("application/json").header("X-Forwarded-For", address)
                .body(Map.of("email", Accounts.uniqueEmail("teacher"), "name", "Self-made teacher", "password", Accounts.PASSWORD,
                        "role", "teacher"))
                .when().post("/auth/register")
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Registration as a teacher is not open; ask an administrator"));
        Accounts.registerFrom(address, "student");
    }

    @Test
    void anAdministratorMakesATeacher() {
        String address = Accounts.freshAddress();
        String admin = Accounts.loginFrom(address, Accounts.admin(users, hasher)).accessToken();
        Accounts.Account student = Accounts.registerFrom(address, "student");
        String token = Accounts.loginFrom(address, student).accessToken();
        given().auth().oauth2(token).when().get("/users").then().statusCode(403);

        given().auth().oauth2(admin).contentType("application/json").body(Map.of("role", "teacher"))
                .when().put("/users/" + student.id())
                .then().statusCode(200).body("role", equalTo("teacher"));
        given().auth().oauth2(token).when().get("/users").then().statusCode(200);
    }
}
