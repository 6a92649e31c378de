package academy.datadetective.auth;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Response bodies of /auth, with the original service's field names. */
public final class AuthResponses {

    private AuthResponses() {
    }

    public record Tokens(String accessToken, String tokenType, String refreshToken) {
        static Tokens bearer(String accessToken, String refreshToken) {
            return new Tokens(accessToken, "bearer", refreshToken);
        }
    }

    public record SessionsEnded(String message, int sessionsRevoked) {
    }

    /** reset_token appears only where configuration allows it (dev), as the original always did. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResetRequested(String message, String resetToken) {
    }
}
