package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.migration.MigrationRunner.Migration;
import academy.datadetective.migration.MigrationRunner.Status;

/**
 * A migration that fails part-way leaves schema, data and history as they were, so that a bad deploy
 * can be fixed and retried without hand-repair (PostgreSQL runs DDL inside the migration's transaction).
 */
// Quarkus only for its class path: Flyway's PostgreSQL support comes in as a Quarkus conditional dependency,
// absent from the plain Maven test class path. The tests use a scratch database, never the application's.
@QuarkusTest
class MigrationFailureTest {

    /** Test-only; kept out of db/migration so that the application's own Flyway never sees it. */
    private static final String FAILING = "classpath:db/failing";
    private static final String FAILING_VERSION = "9000";

    @Test
    void aMigrationFailingHalfwayLeavesSchemaDataAndHistoryUntouched() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner real = new MigrationRunner(db.flyway());
            real.up(Optional.empty(), OptionalInt.empty());
            String latest = real.status().latestKnown().orElseThrow();
            db.execute("INSERT INTO users (email, name, role, password_hash) VALUES ('ada@example.com', 'Ada', 'student', 'x')");
            List<String> schema = db.schema();
            List<String> data = db.data();
            List<Migration> history = real.history();

            MigrationRunner withFailing = new MigrationRunner(db.flyway(FAILING));
            MigrationException failure = assertThrows(MigrationException.class,
                    () -> withFailing.up(Optional.empty(), OptionalInt.empty()));
            assertTrue(failure.getMessage().contains("V" + FAILING_VERSION), failure.getMessage());

            assertEquals(schema, db.schema());
            assertEquals(data, db.data());
            Status status = withFailing.status();
            assertEquals(Optional.of(latest), status.current());
            assertEquals(List.of(), status.failed());
            assertEquals(List.of(FAILING_VERSION), status.pending().stream().map(Migration::version).toList());
            assertEquals(history, withFailing.history());
            assertTrue(withFailing.history().stream().noneMatch(m -> m.version().equals(FAILING_VERSION)));
            assertTrue(withFailing.history().stream().allMatch(m -> m.success().orElseThrow()));
            assertTrue(real.status().upToDate(), "this build must still see its schema as complete");
        }
    }

    @Test
    void aFailingMigrationReachedByStepsIsReportedAndLeavesNothingBehind() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner real = new MigrationRunner(db.flyway());
            real.up(Optional.empty(), OptionalInt.empty());
            List<String> schema = db.schema();
            List<String> data = db.data();

            MigrationRunner withFailing = new MigrationRunner(db.flyway(FAILING));
            assertThrows(MigrationException.class, () -> withFailing.up(Optional.empty(), OptionalInt.of(1)));

            assertEquals(schema, db.schema());
            assertEquals(data, db.data());
            assertEquals(List.of(), withFailing.status().failed());
        }
    }
}
