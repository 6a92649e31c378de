package academy.datadetective.progress;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Teachers' views of the class (field names as the original's). */
public final class ReportResponses {

    private ReportResponses() {
    }

    public record WeeklyStudent(String studentName, long completionsThisWeek, long pointsThisWeek) {
    }

    /**
     * {@code strugglingStudents} is one page ({@code strugglingLimit}, by points then registration) of the
     * {@code strugglingTotal} active students with fewer than three completions this week.
     */
    public record Weekly(long studentsActive, long totalCompletions, double avgPointsPerStudent, List<WeeklyStudent> topPerformers,
            List<WeeklyStudent> strugglingStudents, long strugglingTotal, int strugglingLimit, Instant generatedAt) {
    }

    /** The percentiles' names spelled out: snake-casing does not put an underscore before digits. */
    public record ClassMetrics(long totalStudents, long activeStudents, double avgCompletionRate, long medianPoints,
            @JsonProperty("percentile_25") long percentile25, @JsonProperty("percentile_50") long percentile50,
            @JsonProperty("percentile_75") long percentile75, long totalChallengesCompleted, long totalAttempts,
            double avgSuccessRate) {
    }

    public record ChallengeStatistics(int unitId, int challengeId, String challengeTitle, long totalAttempts, long correctAttempts,
            double successRate, double avgHintsPerAttempt) {
    }

    public record DifficultyDistribution(List<ChallengeStatistics> easiest, List<ChallengeStatistics> hardest) {
    }

    public record WeeklyTrend(Instant weekStartDate, Instant weekEndDate, long completions, long totalPointsEarned, long uniqueStudents) {
    }

    public record ClassAnalytics(ClassMetrics metrics, List<ChallengeStatistics> challenges, DifficultyDistribution difficultyDistribution,
            List<WeeklyTrend> weeklyTrends, Instant generatedAt, Instant cacheExpiresAt) {
    }
}
