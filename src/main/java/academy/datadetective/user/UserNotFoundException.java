package academy.datadetective.user;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 404 with the original service's message. */
public class UserNotFoundException extends ApiException {

    public UserNotFoundException() {
        this("User not found");
    }

    public UserNotFoundException(String detail) {
        super(Response.Status.NOT_FOUND, detail);
    }
}
