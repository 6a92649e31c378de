package academy.datadetective.auth;

import java.security.SecureRandom;
import java.util.Base64;

import academy.datadetective.common.Sha256;

/** Random bearer secrets (refresh and reset tokens) and the SHA-256 form under which they are stored. */
final class OpaqueTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueTokens() {
    }

    /** 256 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256, the only form in which a token reaches the database. */
    static String hash(String token) {
        return Sha256.hex(token);
    }
}
