package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.migration.MigrationRunner.Migration;
import academy.datadetective.migration.MigrationRunner.Status;

/**
 * During a rolling deploy (or after rolling the code back but not the schema) this build meets a
 * database a newer build has migrated further; it must keep running on it instead of refusing to start.
 */
// Quarkus only for its class path: Flyway's PostgreSQL support comes in as a Quarkus conditional dependency,
// absent from the plain Maven test class path. The tests use a scratch database, never the application's.
@QuarkusTest
class FutureSchemaTest {

    private static final String NEWER_BUILD = "classpath:db/future";
    private static final String NEWER_VERSION = "9001";

    private static List<String> versions(List<Migration> migrations) {
        return migrations.stream().map(Migration::version).toList();
    }

    private static void migrateAsNewerBuild(ScratchDatabase db) {
        new MigrationRunner(db.flyway()).up(Optional.empty(), OptionalInt.empty());
        db.flyway(NEWER_BUILD).migrate();
    }

    @Test
    void thisBuildAcceptsASchemaMigratedByANewerBuild() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            migrateAsNewerBuild(db);
            List<String> schema = db.schema();
            MigrationRunner thisBuild = new MigrationRunner(db.flyway());

            assertEquals(List.of(), thisBuild.validate());
            assertEquals(List.of(), thisBuild.up(Optional.empty(), OptionalInt.empty()));
            assertEquals(schema, db.schema(), "migrating must leave the newer build's schema alone");

            Status status = thisBuild.status();
            assertEquals(Optional.of(NEWER_VERSION), status.current());
            assertEquals(List.of(NEWER_VERSION), versions(status.future()));
            assertEquals(List.of(), status.pending());
            assertEquals(List.of(), status.failed());
            assertTrue(status.upToDate());
            assertFalse(status.latestKnown().orElseThrow().equals(NEWER_VERSION), "this build does not ship V" + NEWER_VERSION);
        }
    }

    @Test
    void withoutTheIgnorePatternThisBuildRejectsTheNewerSchema() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            migrateAsNewerBuild(db);
            // No pattern at all: Flyway's own default would otherwise decide, and that is what the setting overrides.
            Flyway strict = db.configure().ignoreMigrationPatterns(new String[0]).load();

            List<String> problems = new MigrationRunner(strict).validate();
            assertTrue(problems.stream().anyMatch(problem -> problem.contains(NEWER_VERSION)), problems.toString());
            assertThrows(FlywayException.class, strict::migrate);
        }
    }
}
