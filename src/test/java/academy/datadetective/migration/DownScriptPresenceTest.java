package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;


/** A migration merged without its down script fails this build's tests, not an operator's rollback. */
// Quarkus only for its class path: Flyway's PostgreSQL support comes in as a Quarkus conditional dependency,
// absent from the plain Maven test class path. The tests use a scratch database, never the application's.
@QuarkusTest
class DownScriptPresenceTest {

    private static final String WITHOUT_DOWN_SCRIPT = "classpath:db/nodown";

    @Test
    void everyRealMigrationHasADownScript() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway());
            MigrationRollback rollback = new MigrationRollback(db.flyway());
            assertEquals(List.of(), rollback.missingDownScripts());
            // Pending migrations are work to do, not a problem: validate() must be clean before and after migrating.
            assertEquals(List.of(), runner.validate());
            runner.up(Optional.empty(), OptionalInt.empty());
            assertEquals(List.of(), rollback.missingDownScripts());
            assertEquals(List.of(), runner.validate());
        }
    }

    @Test
    void aMigrationWithoutADownScriptIsReportedBeforeAndAfterItIsApplied() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway(WITHOUT_DOWN_SCRIPT));
            MigrationRollback rollback = new MigrationRollback(db.flyway(WITHOUT_DOWN_SCRIPT));

            List<String> pending = rollback.missingDownScripts();
            assertEquals(1, pending.size(), pending.toString());
            assertTrue(pending.get(0).contains("V9002"), pending.get(0));
            assertTrue(pending.get(0).contains("V9002__no_down_script.down.sql"), pending.get(0));
            assertTrue(runner.validate().containsAll(pending));

            runner.up(Optional.empty(), OptionalInt.empty());
            assertEquals(pending, rollback.missingDownScripts());
        }
    }

    @Test
    void rollingBackAcrossAMigrationWithoutADownScriptChangesNothing() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway(WITHOUT_DOWN_SCRIPT));
            runner.up(Optional.empty(), OptionalInt.empty());
            List<String> schema = db.schema();

            MigrationException refused = assertThrows(MigrationException.class,
                    () -> new MigrationRollback(db.flyway(WITHOUT_DOWN_SCRIPT)).down(Optional.of("base"), OptionalInt.empty()));
            assertTrue(refused.getMessage().contains("9002"), refused.getMessage());
            assertEquals(schema, db.schema());
            assertEquals(Optional.of("9002"), runner.status().current());
        }
    }
}
