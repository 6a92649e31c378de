package academy.datadetective.progress;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** A submission that cannot be graded or is wrong; the detail is the original's message, never the expected answer. */
public class SubmissionException extends ApiException {

    SubmissionException(Response.Status status, String detail) {
        super(status, detail);
    }

    static SubmissionException both() {
        return new SubmissionException(Response.Status.BAD_REQUEST, "Cannot submit both hardcoded and custom challenge in same request");
    }

    static SubmissionException neither() {
        return new SubmissionException(Response.Status.BAD_REQUEST, "Must provide either (unit_id + challenge_id) or custom_challenge_id");
    }

    static SubmissionException unknownChallenge(int unitId, int challengeId) {
        return new SubmissionException(Response.Status.NOT_FOUND, "Challenge not found: unit=" + unitId + ", challenge=" + challengeId);
    }

    static SubmissionException unknownCustomChallenge(long id) {
        return new SubmissionException(Response.Status.NOT_FOUND, "Custom challenge not found: id=" + id);
    }

    static SubmissionException inactive() {
        return new SubmissionException(Response.Status.BAD_REQUEST, "This challenge is no longer active");
    }

    static SubmissionException incorrect() {
        return new SubmissionException(Response.Status.BAD_REQUEST,
                "Query is incorrect: compare your result with the task and try again (case, spacing and comments do not matter)");
    }
}
