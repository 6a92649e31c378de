package academy.datadetective.user;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 403: the caller's role allows the endpoint, but not on this account. */
public class UserAccessDeniedException extends ApiException {

    public static final String NO_PERMISSION = "You do not have permission to access this resource";

    public UserAccessDeniedException() {
        this(NO_PERMISSION);
    }

    public UserAccessDeniedException(String message) {
        super(Response.Status.FORBIDDEN, message);
    }
}
