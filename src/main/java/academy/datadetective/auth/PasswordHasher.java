package academy.datadetective.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;

/** bcrypt hashing of passwords, with the cost from configuration. */
@ApplicationScoped
public class PasswordHasher {

    private static final int GENERATED_SECRET_COST = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int cost;
    private final String decoyHash;

    PasswordHasher(AuthConfig config) {
        this.cost = config.bcryptCost();
        this.decoyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    /**
     * For a temporary password this service generated (128 random bits, {@link #temporaryPassword()}), bcrypt's
     * minimum cost: no amount of hashing work matters against guessing 2^128 values, and a class of a thousand
     * students imports in seconds instead of minutes. The password the student sets later gets the full cost.
     */
    public String hashGeneratedSecret(String secret) {
        return BcryptUtil.bcryptHash(secret, GENERATED_SECRET_COST);
    }

    /** 128 random bits, URL-safe: a temporary password for an account someone else created. */
    public static String temporaryPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public boolean matches(String password, String hash) {
        try {
            return BcryptUtil.matches(password, asElytronBcrypt(hash));
        } catch (RuntimeException malformedHash) {
            return false;
        }
    }

    /**
     * The original service stored {@code $2b$} hashes (and other tools write {@code $2y$}); Elytron reads only
     * {@code $2a$}. The three differ only for passwords over 255 bytes, which bcrypt never sees here (72 at most).
     */
    static String asElytronBcrypt(String hash) {
        return hash.startsWith("$2b$") || hash.startsWith("$2y$") ? "$2a$" + hash.substring(4) : hash;
    }

    /** Spends the time a real check would, so that an unknown email answers as slowly as a wrong password. */
    public void spendComparableTime(String password) {
        matches(password, decoyHash);
    }
}
