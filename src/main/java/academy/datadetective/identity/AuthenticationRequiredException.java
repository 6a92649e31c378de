package academy.datadetective.identity;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 401 with the original service's message text; the client must (re)authenticate. */
public class AuthenticationRequiredException extends ApiException {

    public AuthenticationRequiredException(String message) {
        super(Response.Status.UNAUTHORIZED, message);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Bearer");
    }
}
