package academy.datadetective.user;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 404 with the original service's message. */
public class UserNotFoundException extends ApiException {

    public UserNotFoundException() {
        super(Response.Status.NOT_FOUND, "User not found");
    }
}
