package academy.datadetective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import academy.datadetective.auth.PasswordResetToken;
import academy.datadetective.auth.RefreshToken;
import academy.datadetective.challenge.Challenge;
import academy.datadetective.challenge.ChallengeKey;
import academy.datadetective.challenge.CustomChallenge;
import academy.datadetective.challenge.Unit;
import academy.datadetective.dataset.Dataset;
import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.dataset.QueryOutput;
import academy.datadetective.progress.Attempt;
import academy.datadetective.progress.HintAccess;
import academy.datadetective.progress.Progress;
import academy.datadetective.user.Role;
import academy.datadetective.user.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The entities and the V1 migration agree: every entity writes and reads back through the real schema. */
@QuarkusTest
class SchemaMappingTest {

    @Inject
    EntityManager entityManager;

    private static User user(Role role) {
        User user = new User();
        user.email = role.value() + "-" + UUID.randomUUID() + "@example.com";
        user.name = "Test " + role.value();
        user.role = role;
        user.passwordHash = "$2b$12$notarealhashnotarealhashnotarealhashnotarealhashnot";
        user.persist();
        return user;
    }

    private static String sha256Hex() {
        return UUID.randomUUID().toString().replace("-", "").repeat(2);
    }

    @Test
    void everyEntityRoundTripsThroughTheSchema() {
        record Ids(long student, long dataset, long challenge, long progress, String tokenHash) {
        }
        Ids ids = QuarkusTransaction.requiringNew().call(() -> {
            User teacher = user(Role.TEACHER);
            User student = user(Role.STUDENT);

            RefreshToken refresh = new RefreshToken();
            refresh.tokenHash = sha256Hex();
            refresh.familyId = UUID.randomUUID();
            refresh.userId = student.id;
            refresh.expiresAt = Instant.now().plusSeconds(60);
            refresh.persist();

            PasswordResetToken reset = new PasswordResetToken();
            reset.tokenHash = sha256Hex();
            reset.userId = student.id;
            reset.expiresAt = Instant.now().plusSeconds(60);
            reset.persist();

            Dataset dataset = new Dataset();
            dataset.teacherId = teacher.id;
            dataset.name = "Sales";
            dataset.originalFilename = "sales.csv";
            dataset.schema = new DatasetSchema(List.of(new DatasetSchema.Column("amount", DatasetSchema.ColumnType.INTEGER)));
            dataset.persist();

            CustomChallenge custom = new CustomChallenge();
            custom.teacherId = teacher.id;
            custom.datasetId = dataset.id;
            custom.title = "Total sales";
            custom.description = "Sum the amounts";
            custom.points = 150;
            custom.difficulty = "easy";
            custom.expectedQuery = "SELECT sum(amount) FROM sales";
            custom.hints = List.of("Use SUM", "", "Name the table");
            custom.isActive = true;
            custom.expectedOutput = new QueryOutput(List.of("sum"), List.of(List.of(42)));
            custom.persist();

            Progress builtIn = new Progress();
            builtIn.userId = student.id;
            builtIn.unitId = 1;
            builtIn.challengeId = 1;
            builtIn.pointsEarned = 100;
            builtIn.query = "SELECT * FROM users";
            builtIn.persist();

            Progress customProgress = new Progress();
            customProgress.userId = student.id;
            customProgress.customChallengeId = custom.id;
            customProgress.pointsEarned = 150;
            customProgress.query = "select sum(amount) from sales";
            customProgress.persist();

            Attempt attempt = new Attempt();
            attempt.userId = student.id;
            attempt.unitId = 1;
            attempt.challengeId = 1;
            attempt.query = "SELECT * FROM users";
            attempt.isCorrect = true;
            attempt.persist();

            HintAccess hint = new HintAccess();
            hint.userId = student.id;
            hint.unitId = 1;
            hint.challengeId = 2;
            hint.hintLevel = 1;
            hint.persist();

            entityManager.flush();
            return new Ids(student.id, dataset.id, custom.id, builtIn.id, refresh.tokenHash);
        });

        QuarkusTransaction.requiringNew().run(() -> {
            User student = User.findById(ids.student());
            assertEquals(Role.STUDENT, student.role);
            assertNotNull(student.createdAt);
            Dataset dataset = Dataset.findById(ids.dataset());
            assertEquals("dataset_" + ids.dataset(), dataset.tableName);
            CustomChallenge custom = CustomChallenge.findById(ids.challenge());
            assertEquals(List.of("Use SUM", "", "Name the table"), custom.hints);
            Progress progress = Progress.findById(ids.progress());
            assertNotNull(progress.completedAt);
            RefreshToken refresh = RefreshToken.find("tokenHash", ids.tokenHash()).firstResult();
            assertEquals(ids.student(), refresh.userId);
            Long points = entityManager.createQuery("select sum(p.pointsEarned) from Progress p where p.userId = :user", Long.class)
                    .setParameter("user", ids.student()).getSingleResult();
            assertEquals(250L, points);
        });
    }

    @Test
    void builtInCatalogueShipsWithTheSchema() {
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(3, Unit.count());
            assertEquals(7, Challenge.count());
            assertEquals(3, Challenge.count("unitId", 1));
            assertEquals("INNER JOIN", Challenge.<Challenge>findById(new ChallengeKey(2, 1)).title);
            assertEquals("Unit 3: Aggregations", Unit.<Unit>findById(3).title);
        });
    }

    @Test
    void aSecondBuiltInCompletionOfTheSameChallengeIsRefused() {
        // The original's four-column unique constraint never fired because of NULLs; the partial indexes do.
        long student = QuarkusTransaction.requiringNew().call(() -> user(Role.STUDENT).id);
        Runnable complete = () -> {
            Progress progress = new Progress();
            progress.userId = student;
            progress.unitId = 1;
            progress.challengeId = 3;
            progress.pointsEarned = 200;
            progress.query = "SELECT * FROM users WHERE age > 18";
            progress.persist();
            entityManager.flush();
        };
        QuarkusTransaction.requiringNew().run(complete);
        assertThrows(PersistenceException.class, () -> QuarkusTransaction.requiringNew().run(complete));
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> Progress.count("userId", student)));
    }
}
