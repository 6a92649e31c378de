package academy.datadetective.progress;

import java.util.List;

import javax.sql.DataSource;

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

    /** The student's completion of the submitted challenge: {@code ?}s for the user, the custom challenge, unit and challenge. */
    private static final String COMPLETION = """
            SELECT id, user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, completed_at
            FROM progress
            WHERE user_id = ?
              AND (CASE WHEN CAST(? AS bigint) IS NULL
                        THEN custom_challenge_id IS NULL AND unit_id = ? AND challenge_id = ?
                        ELSE custom_challenge_id = CAST(? AS bigint) END)""";

    /**
     * The attempt, the completion for a right answer, and the completion read back, in one statement; its
     * {@code ?}s: user, unit, challenge, custom challenge, query, correct, points, hints. Each value is written once
     * (a row of {@code input}), which the JDBC driver binds as it comes.
     */
    private static final String SUBMIT = """
            WITH input (user_id, unit_id, challenge_id, custom_challenge_id, query, correct, points, hints) AS (
                VALUES (CAST(? AS bigint), CAST(? AS integer), CAST(? AS integer), CAST(? AS bigint), CAST(? AS text),
                        CAST(? AS boolean), CAST(? AS integer), CAST(? AS integer))),
            attempt AS (
                INSERT INTO attempts (user_id, unit_id, challenge_id, custom_challenge_id, query, is_correct)
                SELECT user_id, unit_id, challenge_id, custom_challenge_id, query, correct FROM input),
            made AS (
                INSERT INTO progress (user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, query)
                SELECT user_id, unit_id, challenge_id, custom_challenge_id, points, hints, query FROM input WHERE correct
                ON CONFLICT DO NOTHING
                RETURNING id, user_id, unit_id, challenge_id, custom_challenge_id, points_earned, hints_used, completed_at)
            SELECT * FROM made
            UNION ALL
            SELECT p.id, p.user_id, p.unit_id, p.challenge_id, p.custom_challenge_id, p.points_earned, p.hints_used, p.completed_at
            FROM progress p JOIN input i ON p.user_id = i.user_id
            WHERE i.correct
              AND (CASE WHEN i.custom_challenge_id IS NULL
                        THEN p.custom_challenge_id IS NULL AND p.unit_id = i.unit_id AND p.challenge_id = i.challenge_id
                        ELSE p.custom_challenge_id = i.custom_challenge_id END)""";

    private final EntityManager entityManager;
    private final DataSource dataSource;
    private final ChallengeService challenges;
    private final CustomChallengeService customChallenges;

    SubmissionService(EntityManager entityManager, DataSource dataSource, ChallengeService challenges,
            CustomChallengeService customChallenges) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
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
        List<NativeRow> completions = NativeRow.list(dataSource, SUBMIT, userId, target.unitId(), target.challengeId(),
                target.customChallengeId(), request.query(), correct, target.points(), request.hints());
        if (!correct) {
            return new Graded(false, null);
        }
        NativeRow row = completions.isEmpty()
                ? NativeRow.list(dataSource, COMPLETION, userId, target.customChallengeId(), target.unitId(), target.challengeId(),
                        target.customChallengeId()).get(0)
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
