package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.flywaydb.core.Flyway;
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
            assertRoundTrip(db, db.flyway(), NO_TARGET);
        }
    }

    /**
     * Walks the migrations {@code flyway} resolves above {@code from} (all of them without it) up one step at a
     * time, then down one step at a time, checking after each down script that the schema is exactly the one before
     * its migration, then up again to the same schema. With {@code from}, everything up to it is applied in one go
     * and not checked: that is how a test checks the migrations it wrote (AutogenerateTest) without walking the
     * build's again.
     */
    static void assertRoundTrip(ScratchDatabase db, Flyway flyway, Optional<String> from) {
        MigrationRunner runner = new MigrationRunner(flyway);
        MigrationRollback rollback = new MigrationRollback(flyway);
        from.ifPresent(version -> runner.up(from, OptionalInt.empty()));
        Status start = runner.status();
        assertEquals(from, start.current());
        List<String> versions = versions(start.pending());
        assertFalse(versions.isEmpty(), "no migration to walk");
        int count = versions.size();

        // snapshots.get(i) is the schema with the first i migrations applied
        List<List<String>> snapshots = new ArrayList<>();
        snapshots.add(db.schema());
        if (from.isEmpty()) {
            assertEquals(List.of(), snapshots.get(0));
        }
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
            assertEquals(i == 0 ? from : Optional.of(versions.get(i - 1)), status.current());
            assertEquals(versions.subList(i, count), versions(status.pending()));
            assertFalse(status.upToDate());
        }
        if (from.isEmpty()) {
            assertEquals(List.of(ScratchDatabase.HISTORY_TABLE + " (r)"), db.relations(),
                    "at base only Flyway's history table may remain");
            assertEquals(List.of(), runner.history());
            assertEquals(List.of(), rollback.down(NO_TARGET, ONE_STEP), "nothing is left to roll back at base");
        }

        assertEquals(versions, runner.up(NO_TARGET, OptionalInt.empty()));
        assertEquals(snapshots.get(count), db.schema(), "schema after migrating up again from " + from.orElse("base"));
        assertTrue(runner.status().upToDate());
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
