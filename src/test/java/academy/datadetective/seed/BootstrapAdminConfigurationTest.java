package academy.datadetective.seed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

class BootstrapAdminConfigurationTest {

    private record Admin(Optional<String> email, Optional<String> password, String name) implements SeedConfig.BootstrapAdmin {
        Admin(String email, String password) {
            this(Optional.ofNullable(email), Optional.ofNullable(password), "Administrator");
        }
    }

    @Test
    void neitherOrBothWithAUsablePasswordStart() {
        assertDoesNotThrow(() -> SeedOnStartup.checkBootstrapAdmin(new Admin(null, null)));
        assertDoesNotThrow(() -> SeedOnStartup.checkBootstrapAdmin(new Admin("ops@example.com", "long enough")));
    }

    @Test
    void aHalfConfiguredOrUnusableAdminStopsTheStartWithoutEchoingThePassword() {
        assertEquals("Cannot start: set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither", refusal(new Admin("ops@example.com", null)));
        assertEquals("Cannot start: set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither", refusal(new Admin(null, "long enough")));
        assertEquals("Cannot start: ADMIN_EMAIL is not an email address", refusal(new Admin("ops", "long enough")));
        String shortPassword = refusal(new Admin("ops@example.com", "short"));
        assertEquals("Cannot start: ADMIN_PASSWORD must be 8 characters to 72 bytes long", shortPassword);
        String longPassword = "é".repeat(37);
        assertFalse(refusal(new Admin("ops@example.com", longPassword)).contains(longPassword));
    }

    private static String refusal(Admin admin) {
        return assertThrows(ConfigurationException.class, () -> SeedOnStartup.checkBootstrapAdmin(admin)).getMessage();
    }
}
