package academy.datadetective.challenge;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

import academy.datadetective.common.Decimals;
import academy.datadetective.common.NativeRow;
import academy.datadetective.dataset.DatasetQueryRunner;
import academy.datadetective.dataset.DatasetRef;
import academy.datadetective.dataset.DatasetService;
import academy.datadetective.dataset.QueryOutput;
import academy.datadetective.user.OwnedContent;

/**
 * Teachers' own challenges on their own datasets. Creating one, or changing its expected query, runs the
 * query in the dataset sandbox and caches the rows for the teacher to see; students are graded on the
 * query's text, as in the original. A teacher who has custom challenges cannot be deleted.
 */
@ApplicationScoped
public class CustomChallengeService implements OwnedContent {

    private final EntityManager entityManager;
    private final DatasetService datasets;
    private final DatasetQueryRunner queries;

    CustomChallengeService(EntityManager entityManager, DatasetService datasets, DatasetQueryRunner queries) {
        this.entityManager = entityManager;
        this.datasets = datasets;
        this.queries = queries;
    }

    /**
     * The query runs between two transactions of the application's, so that a slow one holds no connection
     * of the application's pool while it runs.
     *
     * @throws academy.datadetective.dataset.DatasetNotFoundException for an unknown dataset
     * @throws academy.datadetective.dataset.DatasetAccessDeniedException for another teacher's
     * @throws InvalidTeacherQueryException for a query the rules refuse
     * @throws academy.datadetective.dataset.DatasetQueryFailedException for a query that does not run
     * @throws academy.datadetective.dataset.DatasetQueryBusyException when too many queries run already
     */
    public CustomChallengeResponses.View create(long teacherId, CustomChallengeRequests.Create request) {
        DatasetRef checked = datasets.owned(teacherId, request.datasetId());
        String runnable = TeacherQueryCheck.runnable(request.expectedQuery());
        QueryOutput output = queries.run(teacherId, checked.tableName(), checked.schema(), runnable);
        return QuarkusTransaction.requiringNew().call(() -> {
            // Owned still: the dataset may have been deleted while its query ran.
            DatasetRef dataset = datasets.owned(teacherId, request.datasetId());
            CustomChallenge challenge = new CustomChallenge();
            challenge.teacherId = teacherId;
            challenge.datasetId = dataset.id();
            challenge.title = request.title();
            challenge.description = request.description();
            challenge.points = request.points() == null ? 100 : request.points();
            challenge.difficulty = request.difficulty() == null ? "medium" : request.difficulty();
            challenge.expectedQuery = request.expectedQuery();
            challenge.hints = List.copyOf(request.hints());
            challenge.isActive = true;
            challenge.expectedOutput = output;
            challenge.persist();
            entityManager.flush();
            Log.infof("Teacher %d created custom challenge %d on dataset %d", teacherId, challenge.id, dataset.id());
            return view(challenge, dataset);
        });
    }

    /** Newest first, each with how often students tried it and how often they were right. */
    @Transactional
    public CustomChallengeResponses.Page list(long teacherId, Long datasetId, Boolean active, int offset, int limit) {
        String filter = """
                WHERE c.teacher_id = :teacher
                  AND (CAST(:dataset AS bigint) IS NULL OR c.dataset_id = :dataset)
                  AND (CAST(:active AS boolean) IS NULL OR c.is_active = :active)""";
        long total = ((Number) entityManager.createNativeQuery("SELECT count(*) FROM custom_challenges c " + filter)
                .setParameter("teacher", teacherId).setParameter("dataset", datasetId).setParameter("active", active).getSingleResult())
                .longValue();
        List<CustomChallengeResponses.Summary> challenges = NativeRow.list(NativeRow.query(entityManager, """
                SELECT c.id, c.dataset_id, d.name AS dataset_name, c.title, c.points, c.difficulty, c.is_active, s.submissions, s.correct,
                       c.created_at
                FROM custom_challenges c
                JOIN datasets d ON d.id = c.dataset_id
                CROSS JOIN LATERAL (SELECT count(*) AS submissions, count(*) FILTER (WHERE a.is_correct) AS correct
                                    FROM attempts a WHERE a.custom_challenge_id = c.id) s
                """ + filter + """

                ORDER BY c.created_at DESC, c.id DESC
                OFFSET :offset LIMIT :limit""")
                .setParameter("teacher", teacherId).setParameter("dataset", datasetId).setParameter("active", active)
                .setParameter("offset", offset).setParameter("limit", limit)).stream()
                .map(row -> new CustomChallengeResponses.Summary(row.getLong("id"), row.getLong("dataset_id"), row.getString("dataset_name"),
                        row.getString("title"), row.getInt("points"), row.getString("difficulty"), row.getBoolean("is_active"),
                        row.getLong("submissions"), Decimals.percent(row.getLong("correct"), row.getLong("submissions")),
                        row.getInstant("created_at")))
                .toList();
        return new CustomChallengeResponses.Page(total, challenges);
    }

    @Transactional
    public CustomChallengeResponses.Detail get(long teacherId, long id) {
        CustomChallenge challenge = owned(teacherId, id);
        DatasetRef dataset = datasets.byId(challenge.datasetId);
        return new CustomChallengeResponses.Detail(challenge.id, challenge.datasetId, dataset.name(), challenge.title, challenge.description,
                challenge.points, challenge.difficulty, challenge.expectedQuery, challenge.hints, challenge.isActive,
                challenge.expectedOutput == null ? null : challenge.expectedOutput.rowObjects(), challenge.createdAt, challenge.updatedAt);
    }

    /** Changes only the fields present; a new expected query is checked and run again, outside a transaction as in {@link #create}. */
    public CustomChallengeResponses.View update(long teacherId, long id, CustomChallengeRequests.Update request) {
        QueryOutput output = null;
        if (request.expectedQuery() != null) {
            DatasetRef checked = QuarkusTransaction.requiringNew().call(() -> datasets.byId(owned(teacherId, id).datasetId));
            String runnable = TeacherQueryCheck.runnable(request.expectedQuery());
            output = queries.run(teacherId, checked.tableName(), checked.schema(), runnable);
        }
        QueryOutput newOutput = output;
        return QuarkusTransaction.requiringNew().call(() -> applyUpdate(teacherId, id, request, newOutput));
    }

    private CustomChallengeResponses.View applyUpdate(long teacherId, long id, CustomChallengeRequests.Update request, QueryOutput newOutput) {
        CustomChallenge challenge = owned(teacherId, id);
        DatasetRef dataset = datasets.byId(challenge.datasetId);
        if (newOutput != null) {
            challenge.expectedOutput = newOutput;
            challenge.expectedQuery = request.expectedQuery();
        }
        if (request.title() != null) {
            challenge.title = request.title();
        }
        if (request.description() != null) {
            challenge.description = request.description();
        }
        if (request.points() != null) {
            challenge.points = request.points();
        }
        if (request.difficulty() != null) {
            challenge.difficulty = request.difficulty();
        }
        if (request.hints() != null) {
            challenge.hints = List.copyOf(request.hints());
        }
        if (request.isActive() != null) {
            challenge.isActive = request.isActive();
        }
        entityManager.flush();
        return view(challenge, dataset);
    }

    /** The answer's counts: the challenge's attempts and progress, which the foreign keys delete with it. */
    public record Removed(long attempts, long progress) {
    }

    @Transactional
    public Removed delete(long teacherId, long id) {
        owned(teacherId, id);
        NativeRow counts = NativeRow.single(NativeRow.query(entityManager, """
                SELECT (SELECT count(*) FROM attempts WHERE custom_challenge_id = :id) AS attempts,
                       (SELECT count(*) FROM progress WHERE custom_challenge_id = :id) AS progress""").setParameter("id", id));
        entityManager.createNativeQuery("DELETE FROM custom_challenges WHERE id = :id").setParameter("id", id).executeUpdate();
        Log.infof("Teacher %d deleted custom challenge %d", teacherId, id);
        return new Removed(counts.getLong("attempts"), counts.getLong("progress"));
    }

    /** A custom challenge as grading needs it. */
    public record Gradable(long id, String expectedQuery, int points, boolean active) {
    }

    @Transactional
    public Optional<Gradable> gradable(long id) {
        return CustomChallenge.<CustomChallenge>findByIdOptional(id)
                .map(challenge -> new Gradable(challenge.id, challenge.expectedQuery, challenge.points, challenge.isActive));
    }

    @Override
    @Transactional
    public boolean ownedBy(long userId) {
        return CustomChallenge.count("teacherId", userId) > 0;
    }

    private CustomChallenge owned(long teacherId, long id) {
        CustomChallenge challenge = CustomChallenge.findById(id);
        if (challenge == null) {
            throw new CustomChallengeNotFoundException();
        }
        if (challenge.teacherId != teacherId) {
            throw new CustomChallengeAccessDeniedException();
        }
        return challenge;
    }

    private static CustomChallengeResponses.View view(CustomChallenge challenge, DatasetRef dataset) {
        return new CustomChallengeResponses.View(challenge.id, challenge.datasetId, dataset.name(), challenge.title, challenge.description,
                challenge.points, challenge.difficulty, challenge.expectedQuery, challenge.hints, challenge.isActive, challenge.createdAt,
                challenge.updatedAt);
    }
}
