package academy.datadetective.progress;

import java.time.Instant;
import java.util.List;

public final class ProgressResponses {

    private ProgressResponses() {
    }

    /** One completion, as submit answers it. */
    public record Completion(long id, long userId, Integer unitId, Integer challengeId, Long customChallengeId, int pointsEarned,
            int hintsUsed, Instant completedAt) {
    }

    public record Item(long id, long userId, Integer unitId, Integer challengeId, Long customChallengeId, int pointsEarned,
            int hintsUsed, Instant completedAt, String query, String challengeTitle) {
    }

    /** {@code completionPercentage} counts built-in challenges only, so that custom ones cannot push it past 100. */
    public record Summary(long totalPoints, long totalCompleted, double completionPercentage) {
    }

    public record UserProgress(List<Item> progressItems, Summary summary) {
    }

    public record HintOpened(long hintId, Instant accessedAt) {
    }

    public record LeaderboardEntry(long rank, String studentName, long totalPoints, long challengesCompleted) {
    }

    public record Leaderboard(List<LeaderboardEntry> entries, int offset, int limit) {
    }
}
