package academy.datadetective.auth;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 401 with the original service's message text; the client must (re)authenticate. */
public class AuthenticationRequiredException extends ApiException {

    public static final String INCORRECT_CREDENTIALS = "Incorrect email or password";
    public static final String INVALID_REFRESH_TOKEN = "Invalid refresh token";
    public static final String INVALID_RESET_TOKEN = "Invalid or expired reset token";

    public AuthenticationRequiredException(String message) {
        super(Response.Status.UNAUTHORIZED, message);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Bearer");
    }
}
