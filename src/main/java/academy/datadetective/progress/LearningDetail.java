package academy.datadetective.progress;

import java.time.Instant;
import java.util.List;

import academy.datadetective.user.UserView;

/** One user's learning in detail, as the original's {@code GET /users/{id}?detailed=true} answers it. */
public record LearningDetail(UserView user, Metrics metrics, List<Unit> units, List<Activity> activityLog) {

    public record Metrics(long totalPoints, long totalChallengesCompleted, long totalAttempts, double averageAttemptsPerChallenge,
            double overallSuccessRate, long totalHintsUsed) {
    }

    /** Every unit of the catalogue, holding only the challenges the user completed. */
    public record Unit(int unitId, String title, List<CompletedChallenge> challenges) {
    }

    public record CompletedChallenge(int unitId, int challengeId, String title, String description, int points,
            ChallengeMetrics metrics, List<AttemptItem> attempts, List<HintItem> hints) {
    }

    /** {@code lastAttempted} is the newest attempt, or the time of the request when there is none (as the original). */
    public record ChallengeMetrics(long totalAttempts, long correctAttempts, double successRate, long totalHintsUsed,
            Instant lastAttempted) {
    }

    public record AttemptItem(int unitId, int challengeId, String query, boolean isCorrect, Instant attemptedAt) {
    }

    public record HintItem(int unitId, int challengeId, int hintLevel, Instant accessedAt) {
    }

    /** Custom challenges appear here too, with their id (the original failed with 500 on them). */
    public record Activity(String actionType, Integer unitId, Integer challengeId, Long customChallengeId, String challengeTitle,
            Instant timestamp, String details) {
    }
}
