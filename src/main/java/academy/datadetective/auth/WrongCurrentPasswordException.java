package academy.datadetective.auth;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 400: a password change named a current password that is not the account's. */
public class WrongCurrentPasswordException extends ApiException {

    WrongCurrentPasswordException() {
        super(Response.Status.BAD_REQUEST, "Current password is incorrect");
    }
}
