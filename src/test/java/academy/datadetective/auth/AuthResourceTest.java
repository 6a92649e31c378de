package academy.datadetective.auth;

import static academy.datadetective.auth.Accounts.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;

import academy.datadetective.health.ManagementInterface;
import academy.datadetective.user.User;

@QuarkusTest
class AuthResourceTest {

    @Inject
    CapturingPasswordResetSender resetSender;

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static JsonNode claims(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static io.restassured.response.ValidatableResponse me(String accessToken) {
        return given().auth().oauth2(accessToken).when().get("/users/me").then();
    }

    private static io.restassured.response.ValidatableResponse post(String path, Object body) {
        return given().contentType("application/json").body(body).when().post(path).then();
    }

    @Test
    void registerCreatesAnAccountWithoutExposingThePassword() {
        String email = Accounts.uniqueEmail("  New.Student");
        post("/auth/register", Map.of("email", email, "name", "New Student", "password", PASSWORD, "role", "student"))
                .statusCode(201)
                .body("email", equalTo(email.strip().toLowerCase()))
                .body("role", equalTo("student"))
                .body("id", notNullValue())
                .body("created_at", notNullValue())
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("password_hash")));
        String hash = QuarkusTransaction.requiringNew().call(() ->
                User.<User>find("email", email.strip().toLowerCase()).firstResult().passwordHash);
        assertTrue(hash.startsWith("$2"), "bcrypt hash expected");
    }

    @Test
    void registeringAnEmailTwiceIsRefusedWhateverItsCase() {
        Accounts.Account account = Accounts.register("student");
        post("/auth/register", Map.of("email", account.email().toUpperCase(), "name", "Copy", "password", PASSWORD, "role", "student"))
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Email already registered"));
    }

    @Test
    void registrationValidatesEveryField() {
        post("/auth/register", Map.of("email", "not-an-email", "name", "", "password", "short", "role", "admin"))
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", allOf(hasItem("email"), hasItem("name"), hasItem("password"), hasItem("role")));
    }

    @Test
    void passwordsLongerThanBcryptCanHashAreRefused() {
        post("/auth/register", Map.of("email", Accounts.uniqueEmail("long"), "name", "Long", "password", "é".repeat(37), "role", "student"))
                .statusCode(422)
                .body("errors.field", hasItem("password"));
        post("/auth/register", Map.of("email", Accounts.uniqueEmail("max"), "name", "Max", "password", "x".repeat(72), "role", "student"))
                .statusCode(201);
    }

    @Test
    void loginIssuesAnRs256AccessTokenWithTheOriginalClaims() throws Exception {
        Accounts.Account account = Accounts.register("teacher");
        Accounts.Session session = Accounts.login(account.email().toUpperCase(), PASSWORD);
        assertNotEquals(session.accessToken(), session.refreshToken());
        assertTrue(session.refreshToken().length() >= 43, "refresh token carries at least 256 bits");

        JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(session.accessToken().split("\\.")[0]));
        assertEquals("RS256", header.path("alg").asText());
        JsonNode claims = claims(session.accessToken());
        assertEquals(Long.toString(account.id()), claims.path("sub").asText());
        assertEquals(account.id(), claims.path("user_id").asLong());
        assertEquals("teacher", claims.path("role").asText());
        assertEquals("teacher", claims.path("groups").get(0).asText());
        assertEquals(account.email(), claims.path("email").asText());
        assertEquals("https://datadetective.academy", claims.path("iss").asText());
        long lifetime = claims.path("exp").asLong() - claims.path("iat").asLong();
        assertEquals(900, lifetime, "access tokens live 15 minutes by default");

        me(session.accessToken()).statusCode(200).body("id", equalTo((int) account.id())).body("role", equalTo("teacher"));
        Instant lastLogin = QuarkusTransaction.requiringNew().call(() -> User.<User>findById(account.id()).lastLogin);
        assertTrue(lastLogin != null);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        Accounts.Account account = Accounts.register("student");
        String wrongPassword = post("/auth/login", Map.of("email", account.email(), "password", "wrong password"))
                .statusCode(401).header("WWW-Authenticate", "Bearer").extract().path("detail");
        String unknownEmail = post("/auth/login", Map.of("email", Accounts.uniqueEmail("nobody"), "password", "wrong password"))
                .statusCode(401).header("WWW-Authenticate", "Bearer").extract().path("detail");
        assertEquals("Incorrect email or password", wrongPassword);
        assertEquals(wrongPassword, unknownEmail);
    }

    @Test
    void loginValidatesItsBody() {
        post("/auth/login", Map.of("email", "nope", "password", "x")).statusCode(422).body("errors.field", hasItem("email"));
        post("/auth/login", Map.of("email", "a@example.com")).statusCode(422).body("errors.field", hasItem("password"));
    }

    @Test
    void requestsWithoutValidCredentialsAreRefused() throws Exception {
        Accounts.Account account = Accounts.register("student");
        String valid = Accounts.login(account).accessToken();

        given().when().get("/users/me").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).body("detail", equalTo("Not authenticated"));
        given().header("Authorization", valid).when().get("/users/me").then().statusCode(401);

        String[] parts = valid.split("\\.");
        String tamperedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"role\":\"student\"", "\"role\":\"admin\"").getBytes(StandardCharsets.UTF_8));
        me(parts[0] + "." + tamperedPayload + "." + parts[2]).statusCode(401)
                .body("detail", equalTo("Could not validate credentials"));

        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        me(unsigned + "." + parts[1] + ".").statusCode(401);

        me(Jwt.subject(Long.toString(account.id())).groups("student").expiresAt(Instant.now().minusSeconds(60)).sign()).statusCode(401);
        me(Jwt.subject(Long.toString(account.id())).groups("student").issuer("https://evil.example").sign()).statusCode(401);
        me(Jwt.subject(Long.toString(account.id())).groups("student").audience("another-service").sign()).statusCode(401);
        me(Jwt.subject(Long.toString(account.id())).groups("student").issuedAt(Instant.now().plusSeconds(3600))
                .expiresAt(Instant.now().plusSeconds(7200)).claim("nbf", Instant.now().plusSeconds(3600).getEpochSecond()).sign())
                .statusCode(401);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        me(Jwt.subject(Long.toString(account.id())).groups("student").sign(generator.generateKeyPair().getPrivate())).statusCode(401);

        me(Jwt.subject("999999999").groups("student").sign()).statusCode(401);
        me(valid).statusCode(200);
    }

    @Test
    void refreshRotatesTheTokenAndReuseEndsTheSession() {
        Accounts.Session session = Accounts.login(Accounts.register("student").email(), PASSWORD);

        Map<String, String> first = post("/auth/refresh", Map.of("refresh_token", session.refreshToken()))
                .statusCode(200).body("token_type", equalTo("bearer")).extract().jsonPath().getMap("", String.class, String.class);
        assertNotEquals(session.refreshToken(), first.get("refresh_token"));
        me(first.get("access_token")).statusCode(200);

        post("/auth/refresh", Map.of("refresh_token", session.refreshToken()))
                .statusCode(401).body("detail", containsString("revoked"));
        post("/auth/refresh", Map.of("refresh_token", first.get("refresh_token")))
                .statusCode(401).body("detail", containsString("revoked"));
    }

    @Test
    void unknownRefreshTokensAreRefused() {
        post("/auth/refresh", Map.of("refresh_token", "garbage")).statusCode(401).body("detail", equalTo("Invalid refresh token"));
        post("/auth/refresh", Map.of()).statusCode(422);
    }

    @Test
    void logoutEndsOnlyThatSession() {
        Accounts.Account account = Accounts.register("student");
        Accounts.Session phone = Accounts.login(account);
        Accounts.Session laptop = Accounts.login(account);

        post("/auth/logout", Map.of("refresh_token", phone.refreshToken()))
                .statusCode(200).body("message", equalTo("Successfully logged out"));
        post("/auth/refresh", Map.of("refresh_token", phone.refreshToken())).statusCode(401).body("detail", containsString("revoked"));
        post("/auth/logout", Map.of("refresh_token", phone.refreshToken())).statusCode(401);
        post("/auth/logout", Map.of("refresh_token", "garbage")).statusCode(401);
        post("/auth/refresh", Map.of("refresh_token", laptop.refreshToken())).statusCode(200);
    }

    @Test
    void logoutEverywhereEndsEverySession() {
        Accounts.Account account = Accounts.register("teacher");
        Accounts.Session one = Accounts.login(account);
        Accounts.Session two = Accounts.login(account);

        given().auth().oauth2(one.accessToken()).when().post("/auth/logout-all")
                .then().statusCode(200).body("sessions_revoked", equalTo(2));
        post("/auth/refresh", Map.of("refresh_token", one.refreshToken())).statusCode(401);
        post("/auth/refresh", Map.of("refresh_token", two.refreshToken())).statusCode(401);
        given().when().post("/auth/logout-all").then().statusCode(401);
    }

    @Test
    void passwordChangeNeedsTheCurrentPasswordAndEndsSessions() {
        Accounts.Account account = Accounts.register("student");
        Accounts.Session session = Accounts.login(account);

        given().auth().oauth2(session.accessToken()).contentType("application/json")
                .body(Map.of("current_password", "not it", "new_password", "a new long password"))
                .when().post("/auth/password-change").then().statusCode(400).body("detail", equalTo("Current password is incorrect"));
        given().auth().oauth2(session.accessToken()).contentType("application/json")
                .body(Map.of("current_password", PASSWORD, "new_password", "a new long password"))
                .when().post("/auth/password-change").then().statusCode(200);

        post("/auth/refresh", Map.of("refresh_token", session.refreshToken())).statusCode(401);
        post("/auth/login", Map.of("email", account.email(), "password", PASSWORD)).statusCode(401);
        Accounts.login(account.email(), "a new long password");
    }

    @Test
    void passwordResetDeliversATokenThatWorksOnce() {
        Accounts.Account account = Accounts.register("student");
        Accounts.Session before = Accounts.login(account);

        post("/auth/password-reset-request", Map.of("email", account.email()))
                .statusCode(200)
                .body("message", equalTo("If this email exists, a reset token has been sent"))
                .body("$", not(hasKey("reset_token")));
        String token = resetSender.lastTokenFor(account.email()).orElseThrow();

        post("/auth/password-reset-confirm", Map.of("reset_token", token, "new_password", "short")).statusCode(422);
        post("/auth/password-reset-confirm", Map.of("reset_token", token, "new_password", "reset password 1"))
                .statusCode(200).body("message", equalTo("Password has been reset successfully"));
        post("/auth/password-reset-confirm", Map.of("reset_token", token, "new_password", "reset password 2"))
                .statusCode(401).body("detail", equalTo("Invalid or expired reset token"));

        Accounts.login(account.email(), "reset password 1");
        post("/auth/refresh", Map.of("refresh_token", before.refreshToken())).statusCode(401);
    }

    @Test
    void accessTokensIssuedBeforeAPasswordChangeFailAtOnce() {
        Accounts.Account account = Accounts.register("student");
        Accounts.Session stolen = Accounts.login(account);
        Accounts.Session mine = Accounts.login(account);
        me(stolen.accessToken()).statusCode(200);

        given().auth().oauth2(mine.accessToken()).contentType("application/json")
                .body(Map.of("current_password", PASSWORD, "new_password", "a new long password"))
                .when().post("/auth/password-change").then().statusCode(200);

        me(stolen.accessToken()).statusCode(401).body("detail", equalTo("Could not validate credentials"));
        me(mine.accessToken()).statusCode(401);
        // Issued within the same second as the change, and still good: the cut-off is a counter, not a time.
        me(Accounts.login(account.email(), "a new long password").accessToken()).statusCode(200);
    }

    @Test
    void accessTokensIssuedBeforeAResetFailAtOnce() {
        Accounts.Account account = Accounts.register("student");
        Accounts.Session stolen = Accounts.login(account);
        post("/auth/password-reset-request", Map.of("email", account.email())).statusCode(200);

        post("/auth/password-reset-confirm", Map.of("reset_token", resetSender.lastTokenFor(account.email()).orElseThrow(),
                "new_password", "reset password 1")).statusCode(200);

        me(stolen.accessToken()).statusCode(401);
        me(Accounts.login(account.email(), "reset password 1").accessToken()).statusCode(200);
    }

    @Test
    void accessTokensIssuedBeforeLogoutEverywhereFailAtOnce() {
        Accounts.Account account = Accounts.register("student");
        Accounts.Session stolen = Accounts.login(account);
        Accounts.Session mine = Accounts.login(account);

        given().auth().oauth2(mine.accessToken()).when().post("/auth/logout-all").then().statusCode(200);

        me(stolen.accessToken()).statusCode(401);
        me(mine.accessToken()).statusCode(401);
        me(Accounts.login(account).accessToken()).statusCode(200);
    }

    @Test
    void tokensFromBeforeTokenVersionsWorkUntilTheSessionsEnd() {
        Accounts.Account account = Accounts.register("student");
        String withoutVersion = Jwt.subject(Long.toString(account.id())).groups("student").sign();
        me(withoutVersion).statusCode(200);

        given().auth().oauth2(Accounts.login(account).accessToken()).when().post("/auth/logout-all").then().statusCode(200);

        me(withoutVersion).statusCode(401);
    }

    @Test
    void passwordResetAnswersTheSameForUnknownEmails() {
        String unknown = Accounts.uniqueEmail("ghost");
        post("/auth/password-reset-request", Map.of("email", unknown))
                .statusCode(200).body("message", equalTo("If this email exists, a reset token has been sent"));
        assertTrue(resetSender.lastTokenFor(unknown).isEmpty());
        post("/auth/password-reset-request", Map.of("email", "not an email")).statusCode(422);
        post("/auth/password-reset-confirm", Map.of("reset_token", "made-up", "new_password", "whatever123")).statusCode(401);
    }

    @Test
    void aTokenIsVerifiedOnceForAllItsRequests() {
        Accounts.Session session = Accounts.login(Accounts.register("student"));
        double hits = verifiedTokenLookups("hit");
        double misses = verifiedTokenLookups("miss");

        for (int i = 0; i < 3; i++) {
            me(session.accessToken()).statusCode(200);
        }

        assertTrue(verifiedTokenLookups("miss") >= misses + 1, "the first request verifies the token");
        assertTrue(verifiedTokenLookups("hit") >= hits + 2, "the next two find it verified");
    }

    private static double verifiedTokenLookups(String result) {
        String prefix = "cache_gets_total{cache=\"verified_tokens\",result=\"" + result + "\"";
        return given().when().get(ManagementInterface.url("/q/metrics")).then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(ManagementInterface::value)
                .sum();
    }

    @Test
    void deactivatedAccountsLoseTheirTokensAndLogins() {
        Accounts.Account account = Accounts.register("student");
        Accounts.Session session = Accounts.login(account);
        // Used once before, the token is among the verified ones: the account check must still refuse it.
        me(session.accessToken()).statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> User.update("deactivatedAt = ?1 where id = ?2", Instant.now(), account.id()));

        me(session.accessToken()).statusCode(401);
        post("/auth/refresh", Map.of("refresh_token", session.refreshToken())).statusCode(401);
        post("/auth/login", Map.of("email", account.email(), "password", PASSWORD)).statusCode(401);
    }

    @Test
    void repeatedFailuresForOneAccountAreThrottled() {
        Accounts.Account account = Accounts.register("student");
        for (int i = 0; i < 5; i++) {
            post("/auth/login", Map.of("email", account.email(), "password", "wrong " + i)).statusCode(401);
        }
        String retryAfter = post("/auth/login", Map.of("email", account.email(), "password", PASSWORD))
                .statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 0 && seconds <= 900, retryAfter);
        // Another account from the same address is not blocked by this one.
        Accounts.login(Accounts.register("student"));
    }
}
