package academy.datadetective.challenge;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of /challenges/custom, with the original's field names and limits. */
public final class CustomChallengeRequests {

    static final String DIFFICULTY = "^(easy|medium|hard)$";
    static final String DIFFICULTY_MESSAGE = "must be easy, medium or hard";

    private CustomChallengeRequests() {
    }

    /** Absent points and difficulty take the original's defaults, 100 and medium. Hints: exactly three, which may be empty. */
    public record Create(
            @NotNull @Min(1) Long datasetId,
            @NotNull @Size(min = 1, max = 200) String title,
            @NotNull @Size(min = 1, max = 2000) String description,
            @Min(50) @Max(500) Integer points,
            @Pattern(regexp = DIFFICULTY, message = DIFFICULTY_MESSAGE) String difficulty,
            @NotNull @Size(min = 1, max = 5000) String expectedQuery,
            @NotNull @Size(min = 3, max = 3) List<@NotNull @Size(max = 1000) String> hints) {
    }

    /** Every field optional, with the same limits; the dataset cannot change. */
    public record Update(
            @Size(min = 1, max = 200) String title,
            @Size(min = 1, max = 2000) String description,
            @Min(50) @Max(500) Integer points,
            @Pattern(regexp = DIFFICULTY, message = DIFFICULTY_MESSAGE) String difficulty,
            @Size(min = 1, max = 5000) String expectedQuery,
            @Size(min = 3, max = 3) List<@NotNull @Size(max = 1000) String> hints,
            Boolean isActive) {
    }
}
