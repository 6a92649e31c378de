package academy.datadetective.identity;

import java.util.Optional;

import jakarta.json.JsonNumber;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What the service reads of an access token besides its signature and expiry: whose it is, and which generation of
 * its account's sessions issued it. Read once per verified token ({@link VerifiedTokenCache}) rather than on each of
 * its requests: smallrye-jwt looks a claim's name up among the standard ones and throws, and catches, an exception
 * with a full stack trace for any other, such as {@link #TOKEN_VERSION_CLAIM} (issue 21's profile).
 */
public record TokenClaims(long userId, int tokenVersion) {

    /** The claim that ties an access token to its account's sessions: the account's token version when it was issued. */
    public static final String TOKEN_VERSION_CLAIM = "token_version";

    /** The identity attribute that carries them from the token's check to the account check. */
    static final String ATTRIBUTE = TokenClaims.class.getName();

    /** Empty when the token names no account or has a malformed version: it then authenticates nobody. */
    static Optional<TokenClaims> of(JsonWebToken token) {
        Optional<Long> userId = userId(token);
        Optional<Integer> version = tokenVersion(token);
        return userId.isPresent() && version.isPresent() ? Optional.of(new TokenClaims(userId.get(), version.get())) : Optional.empty();
    }

    private static Optional<Long> userId(JsonWebToken token) {
        try {
            return Optional.of(Long.parseLong(token.getSubject()));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Tokens issued before V9 have no version: they count as the first one, so the upgrade signs nobody out. */
    private static Optional<Integer> tokenVersion(JsonWebToken token) {
        Object claim = token.getClaim(TOKEN_VERSION_CLAIM);
        if (claim == null) {
            return Optional.of(0);
        }
        // smallrye-jwt hands custom claims over as JSON values
        return claim instanceof JsonNumber number && number.isIntegral() ? Optional.of(number.intValue()) : Optional.empty();
    }
}
