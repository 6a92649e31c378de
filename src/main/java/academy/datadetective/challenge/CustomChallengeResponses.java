package academy.datadetective.challenge;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What /challenges/custom answers; only the challenge's teacher ever sees the expected query, hints and output. */
public final class CustomChallengeResponses {

    private CustomChallengeResponses() {
    }

    /** The answer of POST and PUT. */
    public record View(long id, long datasetId, String datasetName, String title, String description, int points, String difficulty,
            String expectedQuery, List<String> hints, boolean isActive, Instant createdAt, Instant updatedAt) {
    }

    /** GET /{id}: the view plus the rows the expected query returned (null when none were cached). */
    public record Detail(long id, long datasetId, String datasetName, String title, String description, int points,
            String difficulty, String expectedQuery, List<String> hints, boolean isActive, List<Map<String, Object>> expectedOutput,
            Instant createdAt, Instant updatedAt) {
    }

    /** @param completionRate correct attempts per attempt, in percent */
    public record Summary(long id, long datasetId, String datasetName, String title, int points, String difficulty, boolean isActive,
            long submissionCount, double completionRate, Instant createdAt) {
    }

    public record Page(long total, List<Summary> challenges) {
    }
}
