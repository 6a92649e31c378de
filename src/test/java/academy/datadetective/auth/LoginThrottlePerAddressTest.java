package academy.datadetective.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

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
            return Map.of("academy.auth.throttle.max-failures-per-ip", "3");
        }
    }

    @Test
    void guessingAcrossAccountsFromOneAddressIsThrottled() {
        Accounts.Account victim = Accounts.register("student");
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json")
                    .body(Map.of("email", Accounts.uniqueEmail("guess"), "password", "guess " + i))
                    .when().post("/auth/login").then().statusCode(401);
        }
        // Even the right password waits: the address, not the account, is blocked.
        given().contentType("application/json")
                .body(Map.of("email", victim.email(), "password", Accounts.PASSWORD))
                .when().post("/auth/login")
                .then().statusCode(429).header("Retry-After", notNullValue());
    }
}
