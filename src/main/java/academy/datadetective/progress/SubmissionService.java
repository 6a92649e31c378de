package academy.datadetective.progress;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import academy.datadetective.challenge.ChallengeService;
import academy.datadetective.challenge.CustomChallengeService;
import academy.datadetective.common.NativeRow;
import academy.datadetective.progress.ProgressResponses.Completion;

/** What students do: submitting answers (graded, recorded, completed once) and opening hints. */
@ApplicationScoped
public class SubmissionService {

    /** The student's completion of the submitted challenge. */
    private static final String COMPLETION = """
            SELECT id, user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, completed_at
            FROM progress
            WHERE user_id = :user
              AND (CASE WHEN CAST(:custom AS bigint) IS NULL
                        THEN custom_challenge_id IS NULL AND unit_id = :unit AND challenge_id = :challenge
                        ELSE custom_challenge_id = :custom END)""";

    private final EntityManager entityManager;
    private final ChallengeService challenges;
    private final CustomChallengeService customChallenges;

    SubmissionService(EntityManager entityManager, ChallengeService challenges, CustomChallengeService customChallenges) {
        this.entityManager = entityManager;
        this.challenges = challenges;
        this.customChallenges = customChallenges;
    }

    /** What was graded: the completion when the answer was right, none when wrong (the attempt is recorded either way). */
    public record Graded(boolean correct, Completion completion) {
    }

    private record Target(Integer unitId, Integer challengeId, Long customChallengeId, String expected, int points) {
    }

    /**
     * Records the attempt and, for a right answer, the completion, committed even for a wrong answer (the caller
     * turns that into a 400 afterwards). A second right answer returns the first completion unchanged, so that a
     * client retrying a submit cannot earn points twice.
     * <p>
     * One statement writes both and reads the completion back: atomic as every statement is, in autocommit, so one
     * round trip where a transaction took five (BEGIN, three statements, COMMIT; issue 21). Its RETURNING gives a
     * completion it made, its SELECT one made before; a completion committed by a racing retry of the same student
     * after the statement began is in neither, and is read by a second statement.
     */
    public Graded submit(long userId, ProgressRequests.Submit request) {
        Target target = target(request);
        boolean correct = AnswerCheck.matches(request.query(), target.expected());
        List<NativeRow> completions = NativeRow.list(NativeRow.query(entityManager, """
                WITH attempt AS (
                    INSERT INTO attempts (user_id, unit_id, challenge_id, custom_challenge_id, query, is_correct)
                    VALUES (:user, :unit, :challenge, :custom, :query, :correct)),
                made AS (
                    INSERT INTO progress (user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, query)
                    SELECT :user, :unit, :challenge, :custom, :points, :hints, :query WHERE :correct
                    ON CONFLICT DO NOTHING
                    RETURNING id, user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, completed_at)
                SELECT * FROM made
                UNION ALL
                """ + COMPLETION + " AND :correct")
                .setParameter("user", userId).setParameter("unit", target.unitId()).setParameter("challenge", target.challengeId())
                .setParameter("custom", target.customChallengeId()).setParameter("query", request.query())
                .setParameter("correct", correct).setParameter("points", target.points()).setParameter("hints", request.hints()));
        if (!correct) {
            return new Graded(false, null);
        }
        NativeRow row = completions.isEmpty()
                ? NativeRow.single(NativeRow.query(entityManager, COMPLETION).setParameter("user", userId)
                        .setParameter("unit", target.unitId()).setParameter("challenge", target.challengeId())
                        .setParameter("custom", target.customChallengeId()))
                : completions.get(0);
        return new Graded(true, new Completion(row.getLong("id"), row.getLong("user_id"), row.getIntOrNull("unit_id"),
                row.getIntOrNull("challenge_id"), row.getLongOrNull("custom_challenge_id"), row.getInt("points_earned"),
                row.getInt("hints_used"), row.getInstant("completed_at")));
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
            CustomChallengeService.Gradable challenge = customChallenges.gradable(request.customChallengeId())
                    .orElseThrow(() -> SubmissionException.unknownCustomChallenge(request.customChallengeId()));
            if (!challenge.active()) {
                throw SubmissionException.inactive();
            }
            return new Target(null, null, challenge.id(), challenge.expectedQuery(), challenge.points());
        }
        throw SubmissionException.neither();
    }

    /** Every opening is recorded, repeats included; only built-in challenges have hints of the front end's. */
    @Transactional
    public ProgressResponses.HintOpened openHint(long userId, ProgressRequests.HintAccess request) {
        if (challenges.find(request.unitId(), request.challengeId()).isEmpty()) {
            throw SubmissionException.unknownChallenge(request.unitId(), request.challengeId());
        }
        NativeRow row = NativeRow.single(NativeRow.query(entityManager, """
                INSERT INTO hints (user_id, unit_id, challenge_id, hint_level) VALUES (:user, :unit, :challenge, :level)
                RETURNING id, accessed_at""")
                .setParameter("user", userId).setParameter("unit", request.unitId())
                .setParameter("challenge", request.challengeId()).setParameter("level", request.hintLevel()));
        return new ProgressResponses.HintOpened(row.getLong("id"), row.getInstant("accessed_at"));
    }
}
