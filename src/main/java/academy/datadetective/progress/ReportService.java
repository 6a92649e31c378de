package academy.datadetective.progress;

import static academy.datadetective.common.Decimals.round2;
import static academy.datadetective.common.NativeValues.instant;
import static academy.datadetective.common.NativeValues.longValue;

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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
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
                .setParameter("limit", strugglingLimit)
                .getResultList();
        long active = 0;
        long completions = 0;
        long points = 0;
        long strugglingTotal = 0;
        List<WeeklyStudent> top = new ArrayList<>();
        List<WeeklyStudent> struggling = new ArrayList<>();
        for (Object[] row : rows) {
            switch ((String) row[0]) {
                case "total" -> {
                    active = longValue(row[1]);
                    completions = longValue(row[2]);
                    points = longValue(row[3]);
                }
                case "struggling_total" -> strugglingTotal = longValue(row[1]);
                case "top" -> top.add(new WeeklyStudent((String) row[4], longValue(row[2]), longValue(row[3])));
                default -> struggling.add(new WeeklyStudent((String) row[4], longValue(row[2]), longValue(row[3])));
            }
        }
        return new Weekly(active, completions, active == 0 ? 0.0 : round2((double) points / active), top, struggling, strugglingTotal,
                strugglingLimit, now);
    }

    @Transactional
    public ClassAnalytics classAnalytics() {
        Instant now = Instant.now();
        Object[] totals = (Object[]) entityManager.createNativeQuery("""
                WITH distribution AS (
                    SELECT total_points, sum(users) OVER (ORDER BY total_points) AS up_to FROM points_distribution),
                -- percentile_cont's own arithmetic: the values at 0-based positions floor and ceil of f * (n - 1)
                position AS (
                    SELECT f, f * CAST(n - 1 AS double precision) AS at
                    FROM (SELECT sum(users) AS n FROM points_distribution) c,
                         unnest(CAST(ARRAY[0.25, 0.5, 0.75] AS double precision[])) AS f
                    WHERE n > 0)
                SELECT (SELECT coalesce(sum(users), 0) FROM user_counts WHERE role = 'student'),
                       (SELECT coalesce(sum(users), 0) FROM points_distribution),
                       (SELECT coalesce(sum(completions), 0) FROM challenge_stats),
                       (SELECT coalesce(sum(completions), 0) FROM challenge_stats)
                           + (SELECT coalesce(sum(completions), 0) FROM custom_challenge_stats),
                       (SELECT coalesce(sum(attempts), 0) FROM challenge_stats)
                           + (SELECT coalesce(sum(attempts), 0) FROM custom_challenge_stats),
                       (SELECT coalesce(sum(correct_attempts), 0) FROM challenge_stats)
                           + (SELECT coalesce(sum(correct_attempts), 0) FROM custom_challenge_stats),
                       (SELECT count(*) FROM challenges),
                       (SELECT array_agg(low + (at - floor(at)) * (high - low) ORDER BY f)
                        FROM (SELECT f, at,
                                     CAST((SELECT min(total_points) FROM distribution WHERE up_to > floor(at)) AS double precision) AS low,
                                     CAST((SELECT min(total_points) FROM distribution WHERE up_to > ceil(at)) AS double precision) AS high
                              FROM position) p)""")
                .getSingleResult();
        long students = longValue(totals[0]);
        long active = longValue(totals[1]);
        long builtInCompleted = longValue(totals[2]);
        long attempts = longValue(totals[4]);
        long catalogue = longValue(totals[6]);
        Double[] percentiles = totals[7] == null ? new Double[] { 0.0, 0.0, 0.0 } : toDoubles(totals[7]);
        ClassMetrics metrics = new ClassMetrics(students, active,
                active == 0 || catalogue == 0 ? 0.0 : round2(builtInCompleted * 100.0 / active / catalogue),
                halfEven(percentiles[1]), halfEven(percentiles[0]), halfEven(percentiles[1]), halfEven(percentiles[2]),
                longValue(totals[3]), attempts, attempts == 0 ? 0.0 : round2(longValue(totals[5]) * 100.0 / attempts));

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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT c.unit_id, c.challenge_id, c.title, coalesce(s.attempts, 0), coalesce(s.correct_attempts, 0), coalesce(s.hints, 0)
                FROM challenges c
                LEFT JOIN challenge_stats s ON s.unit_id = c.unit_id AND s.challenge_id = c.challenge_id
                ORDER BY c.unit_id, c.challenge_id""").getResultList();
        return rows.stream().map(row -> {
            long total = longValue(row[3]);
            return new ChallengeStatistics(((Number) row[0]).intValue(), ((Number) row[1]).intValue(), (String) row[2], total,
                    longValue(row[4]), total == 0 ? 0.0 : round2(longValue(row[4]) * 100.0 / total),
                    total == 0 ? 0.0 : round2((double) longValue(row[5]) / total));
        }).toList();
    }

    /** The current week (Monday 00:00 UTC) and the three before it, oldest first. */
    private List<WeeklyTrend> weeklyTrends() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT w.start, w.start + interval '7 days' - interval '1 microsecond',
                       coalesce(s.completions, 0), coalesce(s.points, 0), coalesce(s.active_users, 0)
                FROM generate_series(date_trunc('week', now() AT TIME ZONE 'UTC') - interval '3 weeks',
                                     date_trunc('week', now() AT TIME ZONE 'UTC'), interval '1 week') AS w(start)
                LEFT JOIN week_stats s ON s.week = CAST(w.start AS date)
                ORDER BY w.start""").getResultList();
        return rows.stream().map(row -> new WeeklyTrend(instant(row[0]), instant(row[1]), longValue(row[2]), longValue(row[3]), longValue(row[4])))
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
