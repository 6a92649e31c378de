package academy.datadetective.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(LoginThrottlePerAddressTest.LowLimitsShortWindow.class)
class LoginThrottlePerAddressTest {

    public static class LowLimitsShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("academy.auth.throttle.max-failures-per-ip", "3",
                    "academy.auth.throttle.window", "PT3S",
                    "PROXY_ADDRESS_FORWARDING", "true",
                    "academy.auth.registration-teacher-allowed", "false");
        }
    }

    @Test
    void guessingAcrossAccountsFromOneAddressIsThrottled() {
        // Behind an ingress the client is the X-Forwarded-For address; a fresh one keeps this test's count its own.
        String address = "2001:db8::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));
        Accounts.Account victim = Accounts.register("student");
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").header("X-Forwarded-For", address)
                    .body(Map.of("email", Accounts.uniqueEmail("guess"), "password", "guess " + i))
                    .when().post("/auth/login").then().statusCode(401);
        }
        // Even the right password waits: the address, not the account, is blocked.
        given().contentType("application/json").header("X-Forwarded-For", address)
                .body(Map.of("email", victim.email(), "password", Accounts.PASSWORD))
                .when().post("/auth/login")
                .then().statusCode(429).header("Retry-After", notNullValue());
        given().contentType("application/json").header("X-Forwarded-For", "2001:db8::1:" + address.substring(address.lastIndexOf(':') + 1))
                .body(Map.of("email", victim.email(), "password", Accounts.PASSWORD))
                .when().post("/auth/login")
                .then().statusCode(200);
    }

    @Test
    void aBlockedAccountLogsInAgainOnceItsWindowHasPassed() throws InterruptedException {
        Accounts.Account account = Accounts.register("student");
        // Each failure from another address: the account's own limit (5) is what blocks, not an address's (3).
        String network = "2001:db8:2:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + "::";
        String address = network + "ff";
        for (int i = 0; i < 5; i++) {
            given().contentType("application/json").header("X-Forwarded-For", network + (i + 1))
                    .body(Map.of("email", account.email(), "password", "wrong " + i))
                    .when().post("/auth/login").then().statusCode(401);
        }
        long retryAfter = Long.parseLong(given().contentType("application/json").header("X-Forwarded-For", address)
                .body(Map.of("email", account.email(), "password", Accounts.PASSWORD))
                .when().post("/auth/login")
                .then().statusCode(429).extract().header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3, "Retry-After " + retryAfter);
        // Waiting for the block to end, not measuring anything: the real user is never locked out for good.
        Thread.sleep(retryAfter * 1000 + 500);
        given().contentType("application/json").header("X-Forwarded-For", address)
                .body(Map.of("email", account.email(), "password", Accounts.PASSWORD))
                .when().post("/auth/login").then().statusCode(200);
    }
}
