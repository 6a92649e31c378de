package academy.datadetective.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.identity.Role;
import academy.datadetective.user.PasswordHasher;
import academy.datadetective.user.User;
import academy.datadetective.user.UserService;

/** Imports hash temporary passwords cheaply (fast for a whole class); the first login stores them at the configured cost. */
@QuarkusTest
@TestProfile(LoginThrottleTest.StrictLimits.class)
class ImportedAccountPasswordTest {

    @Inject
    UserService users;

    @Inject
    PasswordHasher hasher;

    @Test
    void anImportedStudentsFirstLoginStoresTheHashAtTheConfiguredCost() {
        String address = Accounts.freshAddress();
        String teacherEmail = Accounts.uniqueEmail("teacher");
        long teacher = users.create(teacherEmail, "Importing teacher", Role.TEACHER, hasher.hash(Accounts.PASSWORD)).id();
        String token = Accounts.loginFrom(address, new Accounts.Account(teacher, teacherEmail, "teacher")).accessToken();
        String email = Accounts.uniqueEmail("imported");
        String temporaryPassword = given().auth().oauth2(token)
                .multiPart("file", "students.csv", ("email,name\r\n" + email + ",Imported Student\r\n").getBytes(StandardCharsets.UTF_8),
                        "text/csv")
                .when().post("/import/students")
                .then().statusCode(200).extract().path("imported_students[0].temporary_password");
        assertTrue(storedHash(email).startsWith("$2a$04$"), storedHash(email));

        Accounts.loginFrom(address, email, temporaryPassword);

        String upgraded = storedHash(email);
        assertTrue(upgraded.startsWith("$2a$05$"), upgraded);
        assertTrue(hasher.matches(temporaryPassword, upgraded));
    }

    private static String storedHash(String email) {
        return QuarkusTransaction.requiringNew().call(() -> User.<User>find("email", email).firstResult().passwordHash);
    }
}
