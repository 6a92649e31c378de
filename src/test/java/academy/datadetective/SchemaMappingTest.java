package academy.datadetective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.TestSql;
import academy.datadetective.auth.PasswordResetToken;
import academy.datadetective.auth.RefreshToken;
import academy.datadetective.challenge.Challenge;
import academy.datadetective.challenge.ChallengeKey;
import academy.datadetective.challenge.CustomChallenge;
import academy.datadetective.dataset.Dataset;
import academy.datadetective.dataset.DatasetSchema;
import academy.datadetective.dataset.QueryOutput;
import academy.datadetective.identity.Role;
import academy.datadetective.user.User;

/** The entities and the V1 migration agree: every entity writes and reads back through the real schema. */
@QuarkusTest
class SchemaMappingTest {

    @Inject
    EntityManager entityManager;

    @Inject
    DataSource dataSource;

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
        record Ids(long student, long dataset, long challenge, String tokenHash) {
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

            entityManager.flush();
            return new Ids(student.id, dataset.id, custom.id, refresh.tokenHash);
        });

        QuarkusTransaction.requiringNew().run(() -> {
            User student = User.findById(ids.student());
            assertEquals(Role.STUDENT, student.role);
            assertNotNull(student.createdAt);
            Dataset dataset = Dataset.findById(ids.dataset());
            assertEquals("dataset_" + ids.dataset(), dataset.tableName);
            CustomChallenge custom = CustomChallenge.findById(ids.challenge());
            assertEquals(List.of("Use SUM", "", "Name the table"), custom.hints);
            RefreshToken refresh = RefreshToken.find("tokenHash", ids.tokenHash()).firstResult();
            assertEquals(ids.student(), refresh.userId);
        });
    }

    @Test
    void builtInCatalogueShipsWithTheSchema() {
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(3, new TestSql(dataSource).count("units"));
            assertEquals(7, Challenge.count());
            assertEquals(3, Challenge.count("unitId", 1));
            assertEquals("INNER JOIN", Challenge.<Challenge>findById(new ChallengeKey(2, 1)).title);
            assertEquals("Unit 3: Aggregations", new TestSql(dataSource).string("SELECT title FROM units WHERE id = 3"));
        });
    }

    @Test
    void aSecondBuiltInCompletionOfTheSameChallengeIsRefused() {
        // The original's four-column unique constraint never fired because of NULLs; the partial indexes do.
        long student = QuarkusTransaction.requiringNew().call(() -> user(Role.STUDENT).id);
        TestSql db = new TestSql(dataSource);
        String complete = "INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, query)"
                + " VALUES (" + student + ", 1, 3, 200, 'SELECT * FROM users WHERE age > 18')";
        db.execute(complete);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> db.execute(complete));
        assertTrue(refused.getMessage().contains("duplicate key"), refused.getMessage());
        assertEquals(1, db.count("progress WHERE user_id = " + student));
    }
}
