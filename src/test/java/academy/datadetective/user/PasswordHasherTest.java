package academy.datadetective.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

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

    @Test
    void aCheaperOrMalformedHashTakesAsLongAsAnUnknownAccount() {
        AtomicInteger decoyChecks = new AtomicInteger();
        PasswordHasher atCostFive = new PasswordHasher(() -> 5) {
            @Override
            public void spendComparableTime(String password) {
                decoyChecks.incrementAndGet();
                super.spendComparableTime(password);
            }
        };
        String imported = atCostFive.hashGeneratedSecret(PasswordHasher.temporaryPassword());
        assertTrue(imported.startsWith("$2a$04$"), imported);

        // Like an unknown email, a wrong password for an imported account (cost 4) or a malformed hash also pays the
        // configured cost, so the answer's time does not tell them apart; a hash at the configured cost needs nothing more.
        assertFalse(atCostFive.matches("wrong password", imported));
        assertEquals(1, decoyChecks.get());
        assertFalse(atCostFive.matches("wrong password", "not-a-hash"));
        assertEquals(2, decoyChecks.get());
        assertFalse(atCostFive.matches("wrong password", atCostFive.hash("right password")));
        assertEquals(2, decoyChecks.get());

        assertTrue(atCostFive.isWeaker(imported));
        assertTrue(atCostFive.isWeaker("not-a-hash"));
        assertFalse(atCostFive.isWeaker(atCostFive.hash("right password")));
        assertFalse(atCostFive.isWeaker("$2b$12$" + imported.substring(7)));
    }
}
