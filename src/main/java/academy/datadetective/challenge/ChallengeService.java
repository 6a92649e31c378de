package academy.datadetective.challenge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import academy.datadetective.challenge.ChallengeResponses.Catalogue;
import academy.datadetective.challenge.ChallengeResponses.Detail;
import academy.datadetective.challenge.ChallengeResponses.UnitChallenges;
import academy.datadetective.common.Decimals;

/** The built-in catalogue with its statistics, each request in one query over challenge_stats and user_counts (V7). */
@ApplicationScoped
public class ChallengeService {

    private final EntityManager entityManager;

    ChallengeService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A built-in challenge as grading needs it. */
    public record Definition(ChallengeKey key, String title, int points, String sampleSolution) {
    }

    @Transactional
    public Optional<Definition> find(int unitId, int challengeId) {
        return Optional.ofNullable(Challenge.<Challenge>findById(new ChallengeKey(unitId, challengeId)))
                .map(challenge -> new Definition(new ChallengeKey(challenge.unitId, challenge.challengeId), challenge.title, challenge.points, challenge.sampleSolution));
    }

    @Transactional
    public Catalogue catalogue(boolean withSolutions) {
        return new Catalogue(units(Optional.empty(), withSolutions), Instant.now());
    }

    @Transactional
    public UnitChallenges unit(int unitId, boolean withSolutions) {
        return units(Optional.of(unitId), withSolutions).stream().findFirst()
                .orElseThrow(() -> new ChallengeNotFoundException("Unit " + unitId + " not found"));
    }

    @Transactional
    public Detail challenge(int unitId, int challengeId, boolean withSolutions) {
        return units(Optional.of(unitId), withSolutions).stream().flatMap(unit -> unit.challenges().stream())
                .filter(detail -> detail.challengeId() == challengeId).findFirst()
                .orElseThrow(() -> new ChallengeNotFoundException("Challenge " + unitId + "/" + challengeId + " not found"));
    }

    private List<UnitChallenges> units(Optional<Integer> onlyUnit, boolean withSolutions) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT c.unit_id, u.title, c.challenge_id, c.title, c.points, c.description, c.sample_solution,
                       coalesce(s.attempts, 0), coalesce(s.correct_attempts, 0), coalesce(s.attempters, 0), coalesce(s.completions, 0),
                       (SELECT coalesce(sum(users), 0) FROM user_counts WHERE role = 'student')
                FROM units u
                LEFT JOIN challenges c ON c.unit_id = u.id
                LEFT JOIN challenge_stats s ON s.unit_id = c.unit_id AND s.challenge_id = c.challenge_id
                WHERE CAST(:unit AS integer) IS NULL OR u.id = :unit
                ORDER BY u.id, c.challenge_id""")
                .setParameter("unit", onlyUnit.orElse(null))
                .getResultList();
        Map<Integer, UnitChallenges> units = new LinkedHashMap<>();
        for (Object[] row : rows) {
            int unitId = ((Number) row[0]).intValue();
            UnitChallenges unit = units.computeIfAbsent(unitId, id -> new UnitChallenges(id, (String) row[1], new ArrayList<>()));
            if (row[2] == null) {
                continue;
            }
            long total = ((Number) row[7]).longValue();
            long attempters = ((Number) row[9]).longValue();
            long students = ((Number) row[11]).longValue();
            unit.challenges().add(new Detail(unitId, ((Number) row[2]).intValue(), (String) row[3], ((Number) row[4]).intValue(),
                    (String) row[5], withSolutions ? (String) row[6] : null,
                    Decimals.percent(((Number) row[10]).longValue(), students), Decimals.ratio(total, attempters), total,
                    ((Number) row[8]).longValue()));
        }
        return List.copyOf(units.values());
    }

}
