package academy.datadetective.progress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import academy.datadetective.common.Decimals;
import academy.datadetective.common.NativeRow;
import academy.datadetective.user.UserDetail;
import academy.datadetective.user.UserView;

/**
 * One user's learning in detail ({@code GET /users/{id}?detailed=true}): the catalogue with the challenges they
 * completed, each with its attempts and hints, their totals, and their latest activity.
 */
@ApplicationScoped
public class LearningDetailService implements UserDetail {

    private static final int ACTIVITY_ENTRIES = 10;

    private final EntityManager entityManager;

    LearningDetailService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    @Transactional
    public LearningDetail of(UserView account) {
        long userId = account.id();
        return new LearningDetail(account, metrics(userId), units(userId, attempts(userId), hints(userId)), activity(userId));
    }

    private List<LearningDetail.AttemptItem> attempts(long userId) {
        return NativeRow.list(NativeRow.query(entityManager, """
                SELECT unit_id, challenge_id, query, is_correct, attempted_at FROM attempts
                WHERE user_id = :user AND unit_id IS NOT NULL ORDER BY attempted_at, id""").setParameter("user", userId)).stream()
                .map(row -> new LearningDetail.AttemptItem(row.getInt("unit_id"), row.getInt("challenge_id"), row.getString("query"),
                        row.getBoolean("is_correct"), row.getInstant("attempted_at")))
                .toList();
    }

    private List<LearningDetail.HintItem> hints(long userId) {
        return NativeRow.list(NativeRow.query(entityManager, """
                SELECT unit_id, challenge_id, hint_level, accessed_at FROM hints
                WHERE user_id = :user AND unit_id IS NOT NULL ORDER BY accessed_at, id""").setParameter("user", userId)).stream()
                .map(row -> new LearningDetail.HintItem(row.getInt("unit_id"), row.getInt("challenge_id"), row.getInt("hint_level"),
                        row.getInstant("accessed_at")))
                .toList();
    }

    /** Every unit of the catalogue, holding only the challenges the user completed, each with its own attempts and hints. */
    private List<LearningDetail.Unit> units(long userId, List<LearningDetail.AttemptItem> attempts, List<LearningDetail.HintItem> hints) {
        Instant now = Instant.now();
        List<NativeRow> rows = NativeRow.list(NativeRow.query(entityManager, """
                SELECT u.id AS unit_id, u.title AS unit_title, c.challenge_id, c.title, c.description, c.points,
                       p.id IS NOT NULL AS completed
                FROM units u
                LEFT JOIN challenges c ON c.unit_id = u.id
                LEFT JOIN progress p ON p.user_id = :user AND p.unit_id = c.unit_id AND p.challenge_id = c.challenge_id
                    AND p.custom_challenge_id IS NULL
                ORDER BY u.id, c.challenge_id""").setParameter("user", userId));
        Map<Integer, LearningDetail.Unit> units = new LinkedHashMap<>();
        for (NativeRow row : rows) {
            int unitId = row.getInt("unit_id");
            LearningDetail.Unit unit = units.computeIfAbsent(unitId, id -> new LearningDetail.Unit(id, row.getString("unit_title"),
                    new ArrayList<>()));
            if (row.isNull("challenge_id") || !row.getBoolean("completed")) {
                continue;
            }
            int challengeId = row.getInt("challenge_id");
            List<LearningDetail.AttemptItem> own = attempts.stream()
                    .filter(a -> a.unitId() == unitId && a.challengeId() == challengeId).toList();
            List<LearningDetail.HintItem> opened = hints.stream()
                    .filter(h -> h.unitId() == unitId && h.challengeId() == challengeId).toList();
            long correct = own.stream().filter(LearningDetail.AttemptItem::isCorrect).count();
            unit.challenges().add(new LearningDetail.CompletedChallenge(unitId, challengeId, row.getString("title"),
                    row.getString("description"), row.getInt("points"), new LearningDetail.ChallengeMetrics(own.size(), correct,
                            own.isEmpty() ? 0.0 : Decimals.round2(correct * 100.0 / own.size()), opened.size(),
                            own.isEmpty() ? now : own.get(own.size() - 1).attemptedAt()),
                    own, opened));
        }
        return List.copyOf(units.values());
    }

    private LearningDetail.Metrics metrics(long userId) {
        NativeRow totals = NativeRow.single(NativeRow.query(entityManager, """
                SELECT (SELECT coalesce(sum(points_earned), 0) FROM progress WHERE user_id = :user) AS points,
                       (SELECT count(*) FROM progress WHERE user_id = :user) AS completed,
                       (SELECT count(*) FROM attempts WHERE user_id = :user) AS attempted,
                       (SELECT count(*) FROM attempts WHERE user_id = :user AND is_correct) AS correct,
                       (SELECT count(*) FROM hints WHERE user_id = :user) AS hints""").setParameter("user", userId));
        long completed = totals.getLong("completed");
        long attempted = totals.getLong("attempted");
        return new LearningDetail.Metrics(totals.getLong("points"), completed, attempted,
                completed == 0 ? 0.0 : Decimals.round2((double) attempted / completed),
                attempted == 0 ? 0.0 : Decimals.round2(totals.getLong("correct") * 100.0 / attempted), totals.getLong("hints"));
    }

    /** The newest attempts and hint openings together, custom challenges included (the original failed with 500 on them). */
    private List<LearningDetail.Activity> activity(long userId) {
        return NativeRow.list(NativeRow.query(entityManager, """
                (SELECT 'attempt' AS kind, a.unit_id, a.challenge_id, a.custom_challenge_id,
                        coalesce(c.title, cc.title, 'Unknown') AS title, a.attempted_at AS at, a.is_correct, 0 AS level, a.id
                 FROM attempts a
                 LEFT JOIN challenges c ON c.unit_id = a.unit_id AND c.challenge_id = a.challenge_id
                 LEFT JOIN custom_challenges cc ON cc.id = a.custom_challenge_id
                 WHERE a.user_id = :user ORDER BY a.attempted_at DESC, a.id DESC LIMIT :entries)
                UNION ALL
                (SELECT 'hint', h.unit_id, h.challenge_id, h.custom_challenge_id, coalesce(c.title, cc.title, 'Unknown'),
                        h.accessed_at, false, h.hint_level, h.id
                 FROM hints h
                 LEFT JOIN challenges c ON c.unit_id = h.unit_id AND c.challenge_id = h.challenge_id
                 LEFT JOIN custom_challenges cc ON cc.id = h.custom_challenge_id
                 WHERE h.user_id = :user ORDER BY h.accessed_at DESC, h.id DESC LIMIT :entries)
                ORDER BY at DESC, kind, id DESC LIMIT :entries""").setParameter("user", userId).setParameter("entries", ACTIVITY_ENTRIES))
                .stream().map(row -> {
                    boolean attempt = row.getString("kind").equals("attempt");
                    String details = attempt ? (row.getBoolean("is_correct") ? "Submitted challenge (correct)" : "Attempted challenge")
                            : "Accessed level " + row.getInt("level") + " hint";
                    return new LearningDetail.Activity(attempt ? "attempt" : "hint", row.getIntOrNull("unit_id"),
                            row.getIntOrNull("challenge_id"), row.getLongOrNull("custom_challenge_id"), row.getString("title"),
                            row.getInstant("at"), details);
                }).toList();
    }
}
