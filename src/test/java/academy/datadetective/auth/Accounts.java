package academy.datadetective.auth;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;

import academy.datadetective.user.Role;
import academy.datadetective.user.User;
import academy.datadetective.user.UserService;

/** Test accounts made through the API, each with a unique email so that tests never share data. */
public final class Accounts {

    public static final String PASSWORD = "correct horse battery";

    private Accounts() {
    }

    public record Account(long id, String email, String role) {
    }

    public record Session(String accessToken, String refreshToken) {
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    public static Account register(String role) {
        String email = uniqueEmail(role);
        JsonPath body = given().contentType("application/json")
                .body(Map.of("email", email, "name", "Test " + role, "password", PASSWORD, "role", role))
                .when().post("/auth/register")
                .then().statusCode(201).extract().jsonPath();
        return new Account(body.getLong("id"), email, role);
    }

    public static Session login(String email, String password) {
        JsonPath body = given().contentType("application/json")
                .body(Map.of("email", email, "password", password))
                .when().post("/auth/login")
                .then().statusCode(200).extract().jsonPath();
        return new Session(body.getString("access_token"), body.getString("refresh_token"));
    }

    /** Admins cannot register themselves: one made directly, as the seed or the bootstrap administrator is. */
    public static Account admin(UserService users, PasswordHasher hasher) {
        String email = uniqueEmail("admin");
        User admin = users.create(email, "Test admin", Role.ADMIN, hasher.hash(PASSWORD));
        return new Account(admin.id, email, "admin");
    }

    public static Session login(Account account) {
        return login(account.email(), PASSWORD);
    }
}
