package academy.datadetective.challenge;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

public class CustomChallengeNotFoundException extends ApiException {

    CustomChallengeNotFoundException() {
        super(Response.Status.NOT_FOUND, "Custom challenge not found");
    }
}
