package academy.datadetective.progress;

import static academy.datadetective.common.Decimals.round2;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import academy.datadetective.common.NativeRow;
import academy.datadetective.progress.ReportResponses.ChallengeStatistics;
import academy.datadetective.progress.ReportResponses.ClassAnalytics;
import academy.datadetective.progress.ReportResponses.ClassMetrics;
import academy.datadetective.progress.ReportResponses.DifficultyDistribution;
import academy.datadetective.progress.ReportResponses.Weekly;
import academy.datadetective.progress.ReportResponses.WeeklyStudent;
import academy.datadetective.progress.ReportResponses.WeeklyTrend;

/**
 * The weekly report and the class analytics, computed on every request: with no cache, every replica
 * answers alike and a new completion shows at once (README "Learning"). The analytics read the derived
 * statistics that triggers keep beside the data (V7); the weekly report ranges over the week's completions.
 */
@ApplicationScoped
public class ReportService {

    private static final int TOP_PERFORMERS = 5;
    private static final int STRUGGLING_BELOW = 3;

    private final EntityManager entityManager;

    ReportService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public Weekly weekly(int strugglingLimit) {
        Instant now = Instant.now();
        List<NativeRow> rows = NativeRow.list(NativeRow.query(entityManager, """
                WITH students AS (
                    SELECT p.user_id, count(*) AS completions, sum(p.points_earned) AS points
                    FROM progress p
                    WHERE p.completed_at >= :since AND p.user_id NOT IN (SELECT id FROM users WHERE role IN ('teacher', 'admin'))
                    GROUP BY p.user_id)
                SELECT 'total' AS kind, count(*) AS a, coalesce(sum(completions), 0) AS b, coalesce(sum(points), 0) AS c,
                       CAST(NULL AS text) AS name, 0 AS position
                FROM students
                UNION ALL
                SELECT 'struggling_total', count(*), 0, 0, NULL, 0 FROM students WHERE completions < :below
                UNION ALL
                (SELECT 'top', s.user_id, s.completions, s.points, u.name, 1
                 FROM (SELECT * FROM students ORDER BY points DESC, user_id LIMIT :top) s JOIN users u ON u.id = s.user_id
                 ORDER BY s.points DESC, s.user_id)
                UNION ALL
                (SELECT 'struggling', s.user_id, s.completions, s.points, u.name, 2
                 FROM (SELECT * FROM students WHERE completions < :below ORDER BY points DESC, user_id LIMIT :limit) s
                 JOIN users u ON u.id = s.user_id
                 ORDER BY s.points DESC, s.user_id)""")
                .setParameter("since", now.minus(Duration.ofDays(7)))
                .setParameter("below", STRUGGLING_BELOW)
                .setParameter("top", TOP_PERFORMERS)
                .setParameter("limit", strugglingLimit));
        long active = 0;
        long completions = 0;
        long points = 0;
        long strugglingTotal = 0;
        List<WeeklyStudent> top = new ArrayList<>();
        List<WeeklyStudent> struggling = new ArrayList<>();
        // One row per kind: the totals (a = students, b = completions, c = points), the struggling count (a), then
        // each student listed (a = id, b = completions, c = points)
        for (NativeRow row : rows) {
            switch (row.getString("kind")) {
                case "total" -> {
                    active = row.getLong("a");
                    completions = row.getLong("b");
                    points = row.getLong("c");
                }
                case "struggling_total" -> strugglingTotal = row.getLong("a");
                case "top" -> top.add(new WeeklyStudent(row.getString("name"), row.getLong("b"), row.getLong("c")));
                default -> struggling.add(new WeeklyStudent(row.getString("name"), row.getLong("b"), row.getLong("c")));
            }
        }
        return new Weekly(active, completions, active == 0 ? 0.0 : round2((double) points / active), top, struggling, strugglingTotal,
                strugglingLimit, now);
    }

    @Transactional
    public ClassAnalytics classAnalytics() {
        Instant now = Instant.now();
        NativeRow totals = NativeRow.single(NativeRow.query(entityManager, """
                WITH distribution AS (
                    SELECT total_points, sum(users) OVER (ORDER BY total_points) AS up_to FROM points_distribution),
                -- percentile_cont's own arithmetic: the values at 0-based positions floor and ceil of f * (n - 1)
                position AS (
                    SELECT f, f * CAST(n - 1 AS double precision) AS at
                    FROM (SELECT sum(users) AS n FROM points_distribution) c,
                         unnest(CAST(ARRAY[0.25, 0.5, 0.75] AS double precision[])) AS f
                    WHERE n > 0)
                SELECT (SELECT coalesce(sum(users), 0) FROM user_counts WHERE role = 'student') AS students,
                       (SELECT coalesce(sum(users), 0) FROM points_distribution) AS active,
                       (SELECT coalesce(sum(completions), 0) FROM challenge_stats) AS built_in_completions,
                       (SELECT coalesce(sum(completions), 0) FROM challenge_stats)
                           + (SELECT coalesce(sum(completions), 0) FROM custom_challenge_stats) AS completions,
                       (SELECT coalesce(sum(attempts), 0) FROM challenge_stats)
                           + (SELECT coalesce(sum(attempts), 0) FROM custom_challenge_stats) AS attempts,
                       (SELECT coalesce(sum(correct_attempts), 0) FROM challenge_stats)
                           + (SELECT coalesce(sum(correct_attempts), 0) FROM custom_challenge_stats) AS correct_attempts,
                       (SELECT count(*) FROM challenges) AS catalogue,
                       (SELECT array_agg(low + (at - floor(at)) * (high - low) ORDER BY f)
                        FROM (SELECT f, at,
                                     CAST((SELECT min(total_points) FROM distribution WHERE up_to > floor(at)) AS double precision) AS low,
                                     CAST((SELECT min(total_points) FROM distribution WHERE up_to > ceil(at)) AS double precision) AS high
                              FROM position) p) AS quartiles"""));
        long students = totals.getLong("students");
        long active = totals.getLong("active");
        long builtInCompleted = totals.getLong("built_in_completions");
        long attempts = totals.getLong("attempts");
        long catalogue = totals.getLong("catalogue");
        Double[] percentiles = totals.isNull("quartiles") ? new Double[] { 0.0, 0.0, 0.0 } : toDoubles(totals.get("quartiles"));
        ClassMetrics metrics = new ClassMetrics(students, active,
                active == 0 || catalogue == 0 ? 0.0 : round2(builtInCompleted * 100.0 / active / catalogue),
                halfEven(percentiles[1]), halfEven(percentiles[0]), halfEven(percentiles[1]), halfEven(percentiles[2]),
                totals.getLong("completions"), attempts, attempts == 0 ? 0.0 : round2(totals.getLong("correct_attempts") * 100.0 / attempts));

        List<ChallengeStatistics> challenges = challengeStatistics();
        List<ChallengeStatistics> bySuccess = challenges.stream()
                .sorted(Comparator.comparingDouble(ChallengeStatistics::successRate).reversed()).toList();
        int easiest = Math.min(3, bySuccess.size());
        int hardest = Math.min(3, bySuccess.size() - easiest);
        List<ChallengeStatistics> hardestFirst = new ArrayList<>(bySuccess.subList(bySuccess.size() - hardest, bySuccess.size()));
        java.util.Collections.reverse(hardestFirst);
        return new ClassAnalytics(metrics, challenges, new DifficultyDistribution(bySuccess.subList(0, easiest), hardestFirst),
                weeklyTrends(), now, now);
    }

    private List<ChallengeStatistics> challengeStatistics() {
        return NativeRow.list(NativeRow.query(entityManager, """
                SELECT c.unit_id, c.challenge_id, c.title, coalesce(s.attempts, 0) AS attempts,
                       coalesce(s.correct_attempts, 0) AS correct_attempts, coalesce(s.hints, 0) AS hints
                FROM challenges c
                LEFT JOIN challenge_stats s ON s.unit_id = c.unit_id AND s.challenge_id = c.challenge_id
                ORDER BY c.unit_id, c.challenge_id""")).stream().map(row -> {
                    long total = row.getLong("attempts");
                    long correct = row.getLong("correct_attempts");
                    return new ChallengeStatistics(row.getInt("unit_id"), row.getInt("challenge_id"), row.getString("title"), total,
                            correct, total == 0 ? 0.0 : round2(correct * 100.0 / total),
                            total == 0 ? 0.0 : round2((double) row.getLong("hints") / total));
                }).toList();
    }

    /** The current week (Monday 00:00 UTC) and the three before it, oldest first. */
    private List<WeeklyTrend> weeklyTrends() {
        return NativeRow.list(NativeRow.query(entityManager, """
                SELECT w.start, w.start + interval '7 days' - interval '1 microsecond' AS finish,
                       coalesce(s.completions, 0) AS completions, coalesce(s.points, 0) AS points,
                       coalesce(s.active_users, 0) AS active_users
                FROM generate_series(date_trunc('week', now() AT TIME ZONE 'UTC') - interval '3 weeks',
                                     date_trunc('week', now() AT TIME ZONE 'UTC'), interval '1 week') AS w(start)
                LEFT JOIN week_stats s ON s.week = CAST(w.start AS date)
                ORDER BY w.start""")).stream()
                .map(row -> new WeeklyTrend(row.getInstant("start"), row.getInstant("finish"), row.getLong("completions"),
                        row.getLong("points"), row.getLong("active_users")))
                .toList();
    }

    private static Double[] toDoubles(Object array) {
        if (array instanceof Double[] doubles) {
            return doubles;
        }
        if (array instanceof double[] doubles) {
            return java.util.Arrays.stream(doubles).boxed().toArray(Double[]::new);
        }
        Object[] values = (Object[]) array;
        return java.util.Arrays.stream(values).map(value -> ((Number) value).doubleValue()).toArray(Double[]::new);
    }

    /** The original rounds percentiles half-to-even (Python's round). */
    static long halfEven(double value) {
        return BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_EVEN).longValue();
    }
}
