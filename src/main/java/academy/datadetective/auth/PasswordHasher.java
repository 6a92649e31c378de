package academy.datadetective.auth;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;

/** bcrypt hashing of passwords, with the cost from configuration. */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    private final String decoyHash;

    PasswordHasher(AuthConfig config) {
        this.cost = config.bcryptCost();
        this.decoyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
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
