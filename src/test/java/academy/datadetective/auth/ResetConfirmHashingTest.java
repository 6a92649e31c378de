package academy.datadetective.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.user.CountingPasswordHasher;
import academy.datadetective.user.PasswordHasher;
import academy.datadetective.user.UserConfig;

/**
 * Issue 18: password-reset-confirm hashed the new password before it looked the token up, so made-up tokens
 * bought a bcrypt run each. Counted here rather than timed.
 */
@QuarkusTest
class ResetConfirmHashingTest {

    @Inject
    UserConfig config;

    @Test
    void aMadeUpResetTokenCostsNoHash() {
        CountingPasswordHasher hasher = new CountingPasswordHasher(config);
        QuarkusMock.installMockForType(hasher, PasswordHasher.class);
        given().contentType("application/json").body(Map.of("reset_token", "made-up-token-" + System.nanoTime(), "new_password", "a new password 1"))
                .when().post("/auth/password-reset-confirm").then().statusCode(401);
        assertEquals(0, hasher.hashes());
    }
}
