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
            return BcryptUtil.matches(password, hash);
        } catch (RuntimeException malformedHash) {
            return false;
        }
    }

    /** Spends the time a real check would, so that an unknown email answers as slowly as a wrong password. */
    public void spendComparableTime(String password) {
        matches(password, decoyHash);
    }
}
