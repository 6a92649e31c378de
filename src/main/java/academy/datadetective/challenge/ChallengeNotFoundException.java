package academy.datadetective.challenge;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 404: no built-in unit or challenge with that number. */
public class ChallengeNotFoundException extends ApiException {

    public ChallengeNotFoundException(String detail) {
        super(Response.Status.NOT_FOUND, detail);
    }
}
