package academy.datadetective.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PasswordHasherTest {

    @Inject
    PasswordHasher hasher;

    @Test
    void verifiesItsOwnHashes() {
        String hash = hasher.hash("student123");
        assertTrue(hash.startsWith("$2"), hash);
        assertTrue(hasher.matches("student123", hash));
        assertFalse(hasher.matches("student124", hash));
    }

    @Test
    void verifiesTheOriginalServicesBcryptVariants() {
        String hash = hasher.hash("teacher123");
        assertTrue(hasher.matches("teacher123", "$2b$" + hash.substring(4)));
        assertTrue(hasher.matches("teacher123", "$2y$" + hash.substring(4)));
        assertFalse(hasher.matches("teacher124", "$2b$" + hash.substring(4)));
    }

    @Test
    void aMalformedStoredHashNeverMatches() {
        assertFalse(hasher.matches("anything", "not-a-hash"));
        assertFalse(hasher.matches("anything", ""));
    }
}
