package academy.datadetective.auth;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import academy.datadetective.identity.Role;
import academy.datadetective.user.PasswordHasher;
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

    /** A documentation address (2001:db8::/32) of its own, so that a test's throttling counts are its own. */
    public static String freshAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "2001:db8:" + Integer.toHexString(random.nextInt(1, 0xffff)) + ":" + Integer.toHexString(random.nextInt(1, 0xffff))
                + "::" + Integer.toHexString(random.nextInt(1, 0xffff));
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    public static Account register(String role) {
        return register(given(), role);
    }

    /** Registers as a client at this address would behind the trusted proxy (the throttling profile's test client). */
    public static Account registerFrom(String address, String role) {
        return register(given().header("X-Forwarded-For", address), role);
    }

    private static Account register(RequestSpecification request, String role) {
        String email = uniqueEmail(role);
        JsonPath body = request.contentType("application/json")
                .body(Map.of("email", email, "name", "Test " + role, "password", PASSWORD, "role", role))
                .when().post("/auth/register")
                .then().statusCode(201).extract().jsonPath();
        return new Account(body.getLong("id"), email, role);
    }

    public static Session login(String email, String password) {
        return login(given(), email, password);
    }

    /** Logs in as a client at this address would behind the trusted proxy (the throttling profile's test client). */
    public static Session loginFrom(String address, Account account) {
        return loginFrom(address, account.email(), PASSWORD);
    }

    public static Session loginFrom(String address, String email, String password) {
        return login(given().header("X-Forwarded-For", address), email, password);
    }

    private static Session login(RequestSpecification request, String email, String password) {
        JsonPath body = request.contentType("application/json")
                .body(Map.of("email", email, "password", password))
                .when().post("/auth/login")
                .then().statusCode(200).extract().jsonPath();
        return new Session(body.getString("access_token"), body.getString("refresh_token"));
    }

    /** Admins cannot register themselves: one made directly, as the seed or the bootstrap administrator is. */
    public static Account admin(UserService users, PasswordHasher hasher) {
        String email = uniqueEmail("admin");
        long admin = users.create(email, "Test admin", Role.ADMIN, hasher.hash(PASSWORD)).id();
        return new Account(admin, email, "admin");
    }

    public static Session login(Account account) {
        return login(account.email(), PASSWORD);
    }
}
