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

/**
 * A down script that fails part-way undoes its own changes and keeps its history row, so the schema and
 * Flyway's record of it never disagree (a later up would otherwise skip or re-run the migration wrongly).
 */
// Quarkus only for its class path: Flyway's PostgreSQL support comes in as a Quarkus conditional dependency,
// absent from the plain Maven test class path. The tests use a scratch database, never the application's.
@QuarkusTest
class RollbackFailureTest {

    /** Its down script, db/rollback/V9003__bad_down.down.sql, drops the table and then fails. */
    private static final String BAD_ROLLBACK = "classpath:db/badrollback";
    private static final String BAD_VERSION = "9003";

    @Test
    void aFailingDownScriptLeavesSchemaDataAndHistoryRowInPlace() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway(BAD_ROLLBACK));
            runner.up(Optional.empty(), OptionalInt.empty());
            List<String> schema = db.schema();
            List<String> data = db.data();
            List<Migration> history = runner.history();

            MigrationException failure = assertThrows(MigrationException.class,
                    () -> new MigrationRollback(db.flyway(BAD_ROLLBACK)).down(Optional.empty(), OptionalInt.of(1)));
            assertTrue(failure.getMessage().contains(BAD_VERSION), failure.getMessage());

            assertEquals(schema, db.schema());
            assertEquals(data, db.data());
            assertEquals(history, runner.history());
            assertEquals(Optional.of(BAD_VERSION), runner.status().current());
            assertTrue(runner.status().upToDate());
            assertEquals(List.of(), runner.up(Optional.empty(), OptionalInt.empty()), "the migration is still applied, not re-run");
        }
    }

    @Test
    void aRollbackOfSeveralVersionsStopsAtTheFailingOneBeforeTouchingOlderOnes() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway(BAD_ROLLBACK));
            runner.up(Optional.empty(), OptionalInt.empty());
            List<String> schema = db.schema();
            List<Migration> history = runner.history();

            assertThrows(MigrationException.class, () -> new MigrationRollback(db.flyway(BAD_ROLLBACK)).down(Optional.of("base"), OptionalInt.empty()));

            assertEquals(schema, db.schema());
            assertEquals(history, runner.history());
        }
    }
}
