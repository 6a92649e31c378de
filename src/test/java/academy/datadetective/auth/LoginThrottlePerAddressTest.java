package academy.datadetective.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(LoginThrottlePerAddressTest.LowAddressLimit.class)
class LoginThrottlePerAddressTest {

    public static class LowAddressLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("academy.auth.throttle.max-failures-per-ip", "3",
                    "PROXY_ADDRESS_FORWARDING", "true");
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
}
