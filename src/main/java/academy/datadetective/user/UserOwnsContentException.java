package academy.datadetective.user;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 409: deleting a teacher would orphan their datasets or custom challenges (the schema restricts it). */
public class UserOwnsContentException extends ApiException {

    public UserOwnsContentException() {
        super(Response.Status.CONFLICT, "User owns datasets or challenges; deactivate the account instead");
    }
}
