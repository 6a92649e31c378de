package academy.datadetective.challenge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import academy.datadetective.challenge.ChallengeResponses.Catalogue;
import academy.datadetective.challenge.ChallengeResponses.Detail;
import academy.datadetective.challenge.ChallengeResponses.UnitChallenges;
import academy.datadetective.common.Decimals;
import academy.datadetective.common.NativeRow;

/** The built-in catalogue with its statistics, each request in one query over challenge_stats and user_counts (V7). */
@ApplicationScoped
public class ChallengeService {

    private final EntityManager entityManager;
    private final DataSource dataSource;

    ChallengeService(EntityManager entityManager, DataSource dataSource) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
    }

    /** A built-in challenge as grading needs it. */
    public record Definition(ChallengeKey key, String title, int points, String sampleSolution) {
    }

    /**
     * Every submission's first read: one row straight through JDBC, without a transaction of its own (BEGIN and COMMIT
     * would triple its round trips) or an entity (a Hibernate session's load cost more than the statement).
     */
    public Optional<Definition> find(int unitId, int challengeId) {
        return NativeRow.list(dataSource, "SELECT title, points, sample_solution FROM challenges WHERE unit_id = ? AND challenge_id = ?",
                unitId, challengeId).stream()
                .map(row -> new Definition(new ChallengeKey(unitId, challengeId), row.getString("title"), row.getInt("points"),
                        row.getString("sample_solution")))
                .findFirst();
    }

    /** Every built-in challenge, by its key. */
    @Transactional
    public Map<ChallengeKey, Definition> definitions() {
        Map<ChallengeKey, Definition> definitions = new LinkedHashMap<>();
        Challenge.<Challenge>listAll().stream().map(ChallengeService::definition)
                .forEach(definition -> definitions.put(definition.key(), definition));
        return definitions;
    }

    private static Definition definition(Challenge challenge) {
        return new Definition(new ChallengeKey(challenge.unitId, challenge.challengeId), challenge.title, challenge.points,
                challenge.sampleSolution);
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
        List<NativeRow> rows = NativeRow.list(NativeRow.query(entityManager, """
                SELECT c.unit_id, u.title AS unit_title, c.challenge_id, c.title, c.points, c.description, c.sample_solution,
                       coalesce(s.attempts, 0) AS attempts, coalesce(s.correct_attempts, 0) AS correct_attempts,
                       coalesce(s.attempters, 0) AS attempters, coalesce(s.completions, 0) AS completions,
                       (SELECT coalesce(sum(users), 0) FROM user_counts WHERE role = 'student') AS students
                FROM units u
                LEFT JOIN challenges c ON c.unit_id = u.id
                LEFT JOIN challenge_stats s ON s.unit_id = c.unit_id AND s.challenge_id = c.challenge_id
                WHERE CAST(:unit AS integer) IS NULL OR u.id = :unit
                ORDER BY u.id, c.challenge_id""")
                .setParameter("unit", onlyUnit.orElse(null)));
        Map<Integer, UnitChallenges> units = new LinkedHashMap<>();
        for (NativeRow row : rows) {
            int unitId = row.getInt("unit_id");
            UnitChallenges unit = units.computeIfAbsent(unitId, id -> new UnitChallenges(id, row.getString("unit_title"), new ArrayList<>()));
            if (row.isNull("challenge_id")) {
                continue;
            }
            long total = row.getLong("attempts");
            unit.challenges().add(new Detail(unitId, row.getInt("challenge_id"), row.getString("title"), row.getInt("points"),
                    row.getString("description"), withSolutions ? row.getString("sample_solution") : null,
                    Decimals.percent(row.getLong("completions"), row.getLong("students")), Decimals.ratio(total, row.getLong("attempters")),
                    total, row.getLong("correct_attempts")));
        }
        return List.copyOf(units.values());
    }
}
