package academy.datadetective.user;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 400, as the original answered a second registration of an email. */
public class EmailAlreadyRegisteredException extends ApiException {

    public EmailAlreadyRegisteredException() {
        super(Response.Status.BAD_REQUEST, "Email already registered");
    }
}
