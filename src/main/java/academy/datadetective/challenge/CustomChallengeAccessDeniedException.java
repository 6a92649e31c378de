package academy.datadetective.challenge;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 403: a custom challenge is its teacher's own. */
public class CustomChallengeAccessDeniedException extends ApiException {

    CustomChallengeAccessDeniedException() {
        super(Response.Status.FORBIDDEN, "Access denied: you do not own this challenge");
    }
}
