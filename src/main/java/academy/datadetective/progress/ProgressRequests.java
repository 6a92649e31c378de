package academy.datadetective.progress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public final class ProgressRequests {

    private ProgressRequests() {
    }

    /** A built-in challenge (unit and challenge) or a custom one; which combinations count is the service's rule. */
    public record Submit(@Min(1) Integer unitId, @Min(1) Integer challengeId, @Min(1) Long customChallengeId,
            @NotBlank @Size(max = 5000) String query, @Min(0) @Max(1000) Integer hintsUsed) {

        int hints() {
            return hintsUsed == null ? 0 : hintsUsed;
        }
    }

    /** Every built-in challenge has three hints (their texts live in the front end). */
    public record HintAccess(@NotNull @Min(1) Integer unitId, @NotNull @Min(1) Integer challengeId,
            @NotNull @Min(1) @Max(3) Integer hintLevel) {
    }
}
