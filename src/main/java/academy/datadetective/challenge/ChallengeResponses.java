package academy.datadetective.challenge;

import java.time.Instant;
import java.util.List;

/** What the catalogue endpoints answer (field names as the original's). */
public final class ChallengeResponses {

    private ChallengeResponses() {
    }

    /** {@code sampleSolution} only for teachers and admins; null for students. */
    public record Detail(int unitId, int challengeId, String title, int points, String description, String sampleSolution,
            double completionRate, double avgAttempts, long totalAttempts, long successCount) {
    }

    public record UnitChallenges(int unitId, String unitTitle, List<Detail> challenges) {
    }

    public record Catalogue(List<UnitChallenges> units, Instant generatedAt) {
    }
}
