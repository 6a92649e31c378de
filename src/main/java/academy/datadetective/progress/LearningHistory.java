package academy.datadetective.progress;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import academy.datadetective.challenge.ChallengeKey;

/**
 * Learning that happened earlier, written with the times it happened at: the seed's sample histories. Submissions
 * of today go through {@link SubmissionService}, which grades them; nothing here is graded. Each method joins the
 * caller's transaction, which must exist (a history is written whole or not at all).
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class LearningHistory {

    private final EntityManager entityManager;

    LearningHistory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Those of the users with no completion, attempt or hint at all. */
    public Set<Long> withoutHistory(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        Collection<Number> ids = entityManager.createNativeQuery("""
                SELECT u.id FROM users u
                WHERE u.id IN (:users)
                  AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.user_id = u.id)
                  AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = u.id)
                  AND NOT EXISTS (SELECT 1 FROM hints h WHERE h.user_id = u.id)""").setParameter("users", userIds).getResultList();
        Set<Long> without = new HashSet<>();
        ids.forEach(id -> without.add(id.longValue()));
        return without;
    }

    public void hintOpened(long userId, ChallengeKey challenge, int level, Instant at) {
        entityManager.createNativeQuery("""
                INSERT INTO hints (user_id, unit_id, challenge_id, hint_level, accessed_at)
                VALUES (:user, :unit, :challenge, :level, :at)""")
                .setParameter("user", userId).setParameter("unit", challenge.unitId()).setParameter("challenge", challenge.challengeId())
                .setParameter("level", level).setParameter("at", at)
                .executeUpdate();
    }

    public void attempted(long userId, ChallengeKey challenge, String query, boolean correct, Instant at) {
        entityManager.createNativeQuery("""
                INSERT INTO attempts (user_id, unit_id, challenge_id, query, is_correct, attempted_at)
                VALUES (:user, :unit, :challenge, :query, :correct, :at)""")
                .setParameter("user", userId).setParameter("unit", challenge.unitId()).setParameter("challenge", challenge.challengeId())
                .setParameter("query", query).setParameter("correct", correct).setParameter("at", at)
                .executeUpdate();
    }

    public void completed(long userId, ChallengeKey challenge, int points, int hintsUsed, String query, Instant at) {
        entityManager.createNativeQuery("""
                INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, hints_used, query, completed_at)
                VALUES (:user, :unit, :challenge, :points, :hints, :query, :at)""")
                .setParameter("user", userId).setParameter("unit", challenge.unitId()).setParameter("challenge", challenge.challengeId())
                .setParameter("points", points).setParameter("hints", hintsUsed).setParameter("query", query).setParameter("at", at)
                .executeUpdate();
    }
}
