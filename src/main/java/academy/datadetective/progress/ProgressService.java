package academy.datadetective.progress;

import static academy.datadetective.common.NativeValues.instant;
import static academy.datadetective.common.NativeValues.intOrNull;
import static academy.datadetective.common.NativeValues.longValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import academy.datadetective.challenge.ChallengeService;
import academy.datadetective.challenge.CustomChallenge;
import academy.datadetective.common.Decimals;
import academy.datadetective.progress.ProgressResponses.Completion;
import academy.datadetective.progress.ProgressResponses.Item;
import academy.datadetective.progress.ProgressResponses.Leaderboard;
import academy.datadetective.progress.ProgressResponses.LeaderboardEntry;
import academy.datadetective.progress.ProgressResponses.Summary;
import academy.datadetective.progress.ProgressResponses.UserProgress;
import academy.datadetective.user.UserNotFoundException;
import academy.datadetective.user.UserView;

/** Grading submissions, recording attempts and hints, and reading progress and the leaderboard. */
@ApplicationScoped
public class ProgressService {

    private final EntityManager entityManager;
    private final ChallengeService challenges;

    ProgressService(EntityManager entityManager, ChallengeService challenges) {
        this.entityManager = entityManager;
        this.challenges = challenges;
    }

    /** What was graded: the completion when the answer was right, none when wrong (the attempt is recorded either way). */
    public record Graded(boolean correct, Completion completion) {
    }

    private record Target(Integer unitId, Integer challengeId, Long customChallengeId, String expected, int points) {
    }

    /**
     * Records the attempt and, for a right answer, the completion, in one transaction that commits even
     * for a wrong answer (the caller turns that into a 400 afterwards). A second right answer returns the
     * first completion unchanged, so that a client retrying a submit cannot earn points twice.
     */
    @Transactional
    public Graded submit(long userId, ProgressRequests.Submit request) {
        Target target = target(request);
        boolean correct = AnswerCheck.matches(request.query(), target.expected());
        entityManager.createNativeQuery("""
                INSERT INTO attempts (user_id, unit_id, challenge_id, custom_challenge_id, query, is_correct)
                VALUES (:user, :unit, :challenge, :custom, :query, :correct)""")
                .setParameter("user", userId).setParameter("unit", target.unitId()).setParameter("challenge", target.challengeId())
                .setParameter("custom", target.customChallengeId()).setParameter("query", request.query())
                .setParameter("correct", correct)
                .executeUpdate();
        if (!correct) {
            return new Graded(false, null);
        }
        // ON CONFLICT: the same student's retry racing its first submit finds the first completion.
        entityManager.createNativeQuery("""
                INSERT INTO progress (user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, query)
                VALUES (:user, :unit, :challenge, :custom, :points, :hints, :query)
                ON CONFLICT DO NOTHING""")
                .setParameter("user", userId).setParameter("unit", target.unitId()).setParameter("challenge", target.challengeId())
                .setParameter("custom", target.customChallengeId()).setParameter("points", target.points())
                .setParameter("hints", request.hints()).setParameter("query", request.query())
                .executeUpdate();
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                SELECT id, user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, completed_at
                FROM progress
                WHERE user_id = :user
                  AND (CASE WHEN CAST(:custom AS bigint) IS NULL
                            THEN custom_challenge_id IS NULL AND unit_id = :unit AND challenge_id = :challenge
                            ELSE custom_challenge_id = :custom END)""")
                .setParameter("user", userId).setParameter("unit", target.unitId()).setParameter("challenge", target.challengeId())
                .setParameter("custom", target.customChallengeId())
                .getSingleResult();
        return new Graded(true, new Completion(longValue(row[0]), longValue(row[1]), intOrNull(row[2]), intOrNull(row[3]),
                row[4] == null ? null : longValue(row[4]), ((Number) row[5]).intValue(), ((Number) row[6]).intValue(), instant(row[7])));
    }

    private Target target(ProgressRequests.Submit request) {
        boolean builtIn = request.unitId() != null && request.challengeId() != null;
        boolean custom = request.customChallengeId() != null;
        if (builtIn && custom) {
            throw SubmissionException.both();
        }
        if (builtIn) {
            ChallengeService.Definition challenge = challenges.find(request.unitId(), request.challengeId())
                    .orElseThrow(() -> SubmissionException.unknownChallenge(request.unitId(), request.challengeId()));
            return new Target(request.unitId(), request.challengeId(), null, challenge.sampleSolution(), challenge.points());
        }
        if (custom) {
            CustomChallenge challenge = CustomChallenge.<CustomChallenge>findByIdOptional(request.customChallengeId())
                    .orElseThrow(() -> SubmissionException.unknownCustomChallenge(request.customChallengeId()));
            if (!challenge.isActive) {
                throw SubmissionException.inactive();
            }
            return new Target(null, null, challenge.id, challenge.expectedQuery, challenge.points);
        }
        throw SubmissionException.neither();
    }

    /**
     * One statement, hence one round trip and no transaction: the account (no row for an unknown id), its
     * completions (one row of NULLs when there are none) and the size of the built-in catalogue.
     *
     * @throws UserNotFoundException for an unknown id
     */
    public UserProgress progressOf(long userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT p.id, p.user_id, p.unit_id, p.challenge_id, p.custom_challenge_id, p.points_earned, p.hints_used,
                       p.completed_at, p.query, coalesce(c.title, cc.title, 'Unknown Challenge'), (SELECT count(*) FROM challenges)
                FROM users u
                LEFT JOIN progress p ON p.user_id = u.id
                LEFT JOIN challenges c ON c.unit_id = p.unit_id AND c.challenge_id = p.challenge_id
                LEFT JOIN custom_challenges cc ON cc.id = p.custom_challenge_id
                WHERE u.id = :user
                ORDER BY p.unit_id NULLS LAST, p.challenge_id, p.custom_challenge_id""")
                .setParameter("user", userId)
                .getResultList();
        if (rows.isEmpty()) {
            throw new UserNotFoundException("User not found: user_id=" + userId);
        }
        List<Item> items = rows.stream().filter(row -> row[0] != null).map(row -> new Item(longValue(row[0]), longValue(row[1]),
                intOrNull(row[2]), intOrNull(row[3]), row[4] == null ? null : longValue(row[4]), ((Number) row[5]).intValue(),
                ((Number) row[6]).intValue(), instant(row[7]), (String) row[8], (String) row[9])).toList();
        long builtInCompleted = items.stream().filter(item -> item.customChallengeId() == null).count();
        long catalogue = longValue(rows.get(0)[10]);
        return new UserProgress(items, new Summary(items.stream().mapToLong(Item::pointsEarned).sum(), items.size(),
                catalogue == 0 ? 0.0 : builtInCompleted * 100.0 / catalogue));
    }

    /** The learning detail of one user; {@code user} is the account view the caller already holds. */
    @Transactional
    public LearningDetail detail(long userId, UserView user) {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<Object[]> attemptRows = entityManager.createNativeQuery("""
                SELECT unit_id, challenge_id, query, is_correct, attempted_at FROM attempts
                WHERE user_id = :user AND unit_id IS NOT NULL ORDER BY attempted_at, id""")
                .setParameter("user", userId).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> hintRows = entityManager.createNativeQuery("""
                SELECT unit_id, challenge_id, hint_level, accessed_at FROM hints
                WHERE user_id = :user AND unit_id IS NOT NULL ORDER BY accessed_at, id""")
                .setParameter("user", userId).getResultList();
        List<LearningDetail.AttemptItem> attempts = attemptRows.stream().map(row -> new LearningDetail.AttemptItem(
                intOrNull(row[0]), intOrNull(row[1]), (String) row[2], (Boolean) row[3], instant(row[4]))).toList();
        List<LearningDetail.HintItem> hints = hintRows.stream().map(row -> new LearningDetail.HintItem(
                intOrNull(row[0]), intOrNull(row[1]), intOrNull(row[2]), instant(row[3]))).toList();

        @SuppressWarnings("unchecked")
        List<Object[]> catalogue = entityManager.createNativeQuery("""
                SELECT u.id, u.title, c.challenge_id, c.title, c.description, c.points, p.id IS NOT NULL
                FROM units u
                LEFT JOIN challenges c ON c.unit_id = u.id
                LEFT JOIN progress p ON p.user_id = :user AND p.unit_id = c.unit_id AND p.challenge_id = c.challenge_id
                    AND p.custom_challenge_id IS NULL
                ORDER BY u.id, c.challenge_id""").setParameter("user", userId).getResultList();
        Map<Integer, LearningDetail.Unit> units = new LinkedHashMap<>();
        for (Object[] row : catalogue) {
            int unitId = intOrNull(row[0]);
            LearningDetail.Unit unit = units.computeIfAbsent(unitId, id -> new LearningDetail.Unit(id, (String) row[1], new ArrayList<>()));
            if (row[2] == null || !(Boolean) row[6]) {
                continue;
            }
            int challengeId = intOrNull(row[2]);
            List<LearningDetail.AttemptItem> own = attempts.stream()
                    .filter(a -> a.unitId() == unitId && a.challengeId() == challengeId).toList();
            List<LearningDetail.HintItem> opened = hints.stream()
                    .filter(h -> h.unitId() == unitId && h.challengeId() == challengeId).toList();
            long correct = own.stream().filter(LearningDetail.AttemptItem::isCorrect).count();
            unit.challenges().add(new LearningDetail.CompletedChallenge(unitId, challengeId, (String) row[3], (String) row[4],
                    intOrNull(row[5]), new LearningDetail.ChallengeMetrics(own.size(), correct,
                            own.isEmpty() ? 0.0 : Decimals.round2(correct * 100.0 / own.size()), opened.size(),
                            own.isEmpty() ? now : own.get(own.size() - 1).attemptedAt()),
                    own, opened));
        }

        Object[] totals = (Object[]) entityManager.createNativeQuery("""
                SELECT (SELECT coalesce(sum(points_earned), 0) FROM progress WHERE user_id = :user),
                       (SELECT count(*) FROM progress WHERE user_id = :user),
                       (SELECT count(*) FROM attempts WHERE user_id = :user),
                       (SELECT count(*) FROM attempts WHERE user_id = :user AND is_correct),
                       (SELECT count(*) FROM hints WHERE user_id = :user)""").setParameter("user", userId).getSingleResult();
        long completed = longValue(totals[1]);
        long attempted = longValue(totals[2]);
        LearningDetail.Metrics metrics = new LearningDetail.Metrics(longValue(totals[0]), completed, attempted,
                completed == 0 ? 0.0 : Decimals.round2((double) attempted / completed),
                attempted == 0 ? 0.0 : Decimals.round2(longValue(totals[3]) * 100.0 / attempted), longValue(totals[4]));

        @SuppressWarnings("unchecked")
        List<Object[]> activityRows = entityManager.createNativeQuery("""
                (SELECT 'attempt' AS kind, a.unit_id, a.challenge_id, a.custom_challenge_id,
                        coalesce(c.title, cc.title, 'Unknown') AS title, a.attempted_at AS at, a.is_correct, 0 AS level, a.id
                 FROM attempts a
                 LEFT JOIN challenges c ON c.unit_id = a.unit_id AND c.challenge_id = a.challenge_id
                 LEFT JOIN custom_challenges cc ON cc.id = a.custom_challenge_id
                 WHERE a.user_id = :user ORDER BY a.attempted_at DESC, a.id DESC LIMIT 10)
                UNION ALL
                (SELECT 'hint', h.unit_id, h.challenge_id, h.custom_challenge_id, coalesce(c.title, cc.title, 'Unknown'),
                        h.accessed_at, false, h.hint_level, h.id
                 FROM hints h
                 LEFT JOIN challenges c ON c.unit_id = h.unit_id AND c.challenge_id = h.challenge_id
                 LEFT JOIN custom_challenges cc ON cc.id = h.custom_challenge_id
                 WHERE h.user_id = :user ORDER BY h.accessed_at DESC, h.id DESC LIMIT 10)
                ORDER BY at DESC, kind, id DESC LIMIT 10""").setParameter("user", userId).getResultList();
        List<LearningDetail.Activity> activity = activityRows.stream().map(row -> {
            boolean attempt = row[0].equals("attempt");
            String details = attempt ? ((Boolean) row[6] ? "Submitted challenge (correct)" : "Attempted challenge")
                    : "Accessed level " + row[7] + " hint";
            return new LearningDetail.Activity(attempt ? "attempt" : "hint", intOrNull(row[1]), intOrNull(row[2]),
                    row[3] == null ? null : longValue(row[3]), (String) row[4], instant(row[5]), details);
        }).toList();
        return new LearningDetail(user, metrics, List.copyOf(units.values()), activity);
    }

    /** Every opening is recorded, repeats included; only built-in challenges have hints of the front end's. */
    @Transactional
    public ProgressResponses.HintOpened openHint(long userId, ProgressRequests.HintAccess request) {
        if (challenges.find(request.unitId(), request.challengeId()).isEmpty()) {
            throw SubmissionException.unknownChallenge(request.unitId(), request.challengeId());
        }
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                INSERT INTO hints (user_id, unit_id, challenge_id, hint_level) VALUES (:user, :unit, :challenge, :level)
                RETURNING id, accessed_at""")
                .setParameter("user", userId).setParameter("unit", request.unitId())
                .setParameter("challenge", request.challengeId()).setParameter("level", request.hintLevel())
                .getSingleResult();
        return new ProgressResponses.HintOpened(longValue(row[0]), instant(row[1]));
    }

    /**
     * Read from user_points, the totals that triggers keep beside progress (V5): a page is an index range,
     * not an aggregate over every completion. Students with at least one completion, by points, ties broken by who registered first (lower id),
     * so that a page boundary never splits a tie differently from one request to the next. Students are
     * "not a teacher or admin" (ck_users_role): those few accounts are set aside first, so that a deep
     * offset skips entries of ix_user_points_rank alone instead of joining every student it passes.
     */
    public Leaderboard leaderboard(int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT u.name, t.total_points, t.challenges_completed
                FROM (SELECT user_id, total_points, challenges_completed FROM user_points
                      WHERE user_id NOT IN (SELECT id FROM users WHERE role IN ('teacher', 'admin'))
                      ORDER BY total_points DESC, user_id
                      OFFSET :offset LIMIT :limit) t
                JOIN users u ON u.id = t.user_id
                ORDER BY t.total_points DESC, t.user_id""")
                .setParameter("offset", offset).setParameter("limit", limit)
                .getResultList();
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            entries.add(new LeaderboardEntry(offset + i + 1L, (String) row[0], longValue(row[1]), longValue(row[2])));
        }
        return new Leaderboard(entries, offset, limit);
    }
}
