package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.migration.MigrationRunner.Migration;
import academy.datadetective.migration.MigrationRunner.Status;

/**
 * Every up migration has a down script that restores exactly the schema before it. The versions come
 * from Flyway's view of db/migration, so a migration added later is covered without editing this test.
 */
// Quarkus only for its class path: Flyway's PostgreSQL support comes in as a Quarkus conditional dependency,
// absent from the plain Maven test class path. The tests use a scratch database, never the application's.
@QuarkusTest
class MigrationRoundTripTest {

    private static final Optional<String> NO_TARGET = Optional.empty();
    private static final OptionalInt ONE_STEP = OptionalInt.of(1);

    private static List<String> versions(List<Migration> migrations) {
        return migrations.stream().map(Migration::version).toList();
    }

    @Test
    void eachDownScriptRestoresTheSchemaOfThePreviousVersionAndUpRebuildsTheSame() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway());
            MigrationRollback rollback = new MigrationRollback(db.flyway());
            Status empty = runner.status();
            assertEquals(Optional.empty(), empty.current());
            List<String> versions = versions(empty.pending());
            assertFalse(versions.isEmpty(), "db/migration holds no migration");
            int count = versions.size();

            // snapshots.get(i) is the schema with the first i migrations applied
            List<List<String>> snapshots = new ArrayList<>();
            snapshots.add(db.schema());
            assertEquals(List.of(), snapshots.get(0));
            for (int i = 0; i < count; i++) {
                assertEquals(List.of(versions.get(i)), runner.up(NO_TARGET, ONE_STEP), "one step up from " + i + " applied");
                Status status = runner.status();
                assertEquals(Optional.of(versions.get(i)), status.current());
                assertEquals(versions.subList(i + 1, count), versions(status.pending()));
                assertEquals(List.of(), status.failed());
                snapshots.add(db.schema());
            }
            assertTrue(runner.status().upToDate());
            assertEquals(Optional.of(versions.get(count - 1)), runner.status().latestKnown());
            // Guards the guard: a snapshot blind to the schema would make every comparison below pass.
            assertTrue(snapshots.get(count).stream().anyMatch(fact -> fact.startsWith("column ")), snapshots.get(count).toString());
            assertTrue(snapshots.get(count).stream().anyMatch(fact -> fact.startsWith("constraint ")));
            assertTrue(snapshots.get(count).stream().anyMatch(fact -> fact.startsWith("index ")));

            for (int i = count - 1; i >= 0; i--) {
                assertEquals(List.of(versions.get(i)), rollback.down(NO_TARGET, ONE_STEP), "one step down from V" + versions.get(i));
                assertEquals(snapshots.get(i), db.schema(), "schema after rolling back V" + versions.get(i));
                Status status = runner.status();
                assertEquals(i == 0 ? Optional.empty() : Optional.of(versions.get(i - 1)), status.current());
                assertEquals(versions.subList(i, count), versions(status.pending()));
                assertFalse(status.upToDate());
            }
            assertEquals(List.of(ScratchDatabase.HISTORY_TABLE + " (r)"), db.relations(),
                    "at base only Flyway's history table may remain");
            assertEquals(List.of(), runner.history());
            assertEquals(List.of(), rollback.down(NO_TARGET, ONE_STEP), "nothing is left to roll back at base");

            assertEquals(versions, runner.up(NO_TARGET, OptionalInt.empty()));
            assertEquals(snapshots.get(count), db.schema(), "schema after migrating up again from base");
            assertTrue(runner.status().upToDate());
        }
    }

    @Test
    void rollingBackToBaseUndoesEveryMigrationInOneCall() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway());
            MigrationRollback rollback = new MigrationRollback(db.flyway());
            List<String> versions = runner.up(NO_TARGET, OptionalInt.empty());
            assertFalse(versions.isEmpty());
            List<String> top = db.schema();
            List<String> newestFirst = new ArrayList<>(versions);
            java.util.Collections.reverse(newestFirst);

            assertEquals(newestFirst, rollback.planned(Optional.of("base"), OptionalInt.empty()));
            assertEquals(newestFirst, rollback.down(Optional.of("base"), OptionalInt.empty()));

            assertEquals(List.of(ScratchDatabase.HISTORY_TABLE + " (r)"), db.relations());
            Status status = runner.status();
            assertEquals(Optional.empty(), status.current());
            assertEquals(versions, versions(status.pending()));

            runner.up(NO_TARGET, OptionalInt.empty());
            assertEquals(top, db.schema());
        }
    }

    @Test
    void rollingBackToAVersionKeepsThatVersionApplied() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway());
            MigrationRollback rollback = new MigrationRollback(db.flyway());
            List<String> versions = runner.up(NO_TARGET, OptionalInt.empty());
            String first = versions.get(0);
            List<String> newestFirst = new ArrayList<>(versions.subList(1, versions.size()));
            java.util.Collections.reverse(newestFirst);

            assertEquals(newestFirst, rollback.down(Optional.of(first), OptionalInt.empty()));
            Status status = runner.status();
            assertEquals(Optional.of(first), status.current());
            assertEquals(versions.subList(1, versions.size()), versions(status.pending()));
        }
    }
}
