package academy.datadetective.user;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;

/** bcrypt hashing of passwords, with the cost from configuration. */
@ApplicationScoped
public class PasswordHasher {

    private static final int GENERATED_SECRET_COST = 4;
    private static final Pattern BCRYPT_COST = Pattern.compile("\\$2[aby]\\$(\\d{2})\\$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int cost;
    private final String decoyHash;

    PasswordHasher(UserConfig config) {
        this.cost = config.bcryptCost();
        this.decoyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    /**
     * For a temporary password this service generated (128 random bits, {@link #temporaryPassword()}), bcrypt's
     * minimum cost: no amount of hashing work matters against guessing 2^128 values, and a class of a thousand
     * students imports in seconds instead of minutes (at cost 11, 190 ms of a core each, hundreds of students
     * would take one to several minutes and hold the CPU that logins need). The cost never shows: {@link #matches}
     * takes the configured cost's time for any hash, and the first login stores one at the configured cost
     * ({@link #isWeaker}).
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

    /**
     * Takes at least the time of one check at the configured cost, whatever the stored hash: a cheaper hash (an
     * imported account's) or a malformed one would otherwise answer faster than an unknown email does, and tell
     * an attacker which accounts exist.
     */
    public boolean matches(String password, String hash) {
        boolean matches = verify(password, hash);
        if (isWeaker(hash)) {
            spendComparableTime(password);
        }
        return matches;
    }

    /** Whether the hash costs less than the configured cost (or is not bcrypt): worth replacing once the password is known. */
    public boolean isWeaker(String hash) {
        Matcher bcrypt = BCRYPT_COST.matcher(hash);
        return !bcrypt.lookingAt() || Integer.parseInt(bcrypt.group(1)) < cost;
    }

    private static boolean verify(String password, String hash) {
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
        verify(password, decoyHash);
    }
}
