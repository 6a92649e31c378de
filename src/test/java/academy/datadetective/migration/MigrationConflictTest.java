package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The troubleshooting recipes of README "Migrations" start from what {@code migrate validate} says: an edited
 * applied migration, two branches' migrations of one version, one merged below the newest applied version.
 */
// Quarkus only for its class path: Flyway's PostgreSQL support comes in as a Quarkus conditional dependency,
// absent from the plain Maven test class path. The tests use a scratch database, never the application's.
@QuarkusTest
class MigrationConflictTest {

    @Test
    void anEditedMigrationIsNamedWithTheChecksumsRepairWouldNeed() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway());
            runner.up(Optional.empty(), OptionalInt.empty());
            String resolved = db.strings("SELECT checksum FROM flyway_schema_history WHERE version = '2'").get(0);
            // What an edit of the released file looks like from the database: another checksum than the file's.
            db.execute("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '2'");

            List<String> problems = runner.validate();
            assertEquals(1, problems.size(), problems.toString());
            assertEquals("V2 accounts and sessions: Migration checksum mismatch for migration version 2"
                    + " (Applied to database: 12345, Resolved locally: " + resolved + ")", problems.get(0));
        }
    }

    @Test
    void twoMigrationsOfOneVersionAreNamed() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            List<String> problems = new MigrationRunner(db.flyway("classpath:db/duplicate")).validate();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).matches("Found more than one migration with version 10 \\(.*/V10__(counters_without_hot_rows|same_version_on_another_branch)"
                    + "\\.sql \\(SQL\\), .*/V10__(counters_without_hot_rows|same_version_on_another_branch)\\.sql \\(SQL\\)\\)"), problems.get(0));
        }
    }

    @Test
    void aMigrationBelowTheNewestAppliedIsNamed() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            MigrationRunner runner = new MigrationRunner(db.flyway());
            runner.up(Optional.empty(), OptionalInt.empty());
            // As if V9 had been merged after V10 was applied: known to the build, not in the history.
            db.execute("DELETE FROM flyway_schema_history WHERE version = '9'");

            List<String> problems = runner.validate();
            assertEquals(List.of("V9 token version and throttle scopes: Detected resolved migration not applied to database: 9."), problems);
            // Status counts it as pending (readiness stays DOWN) and up refuses it, also with nothing else to apply.
            assertEquals(List.of("9"), runner.status().pending().stream().map(MigrationRunner.Migration::version).toList());
            MigrationException skipped = assertThrows(MigrationException.class, () -> runner.up(Optional.empty(), OptionalInt.empty()));
            assertEquals("V9 token version and throttle scopes: older than the newest applied migration V10, so never applied;"
                    + " renumber above it (README \"Migrations\", troubleshooting)", skipped.getMessage());
            // Applying anything else (a newer build's migration) stops on it too, before any migration runs.
            MigrationRunner newerBuild = new MigrationRunner(db.flyway("classpath:db/future"));
            MigrationException refused = assertThrows(MigrationException.class, () -> newerBuild.up(Optional.empty(), OptionalInt.empty()));
            assertTrue(refused.getMessage().startsWith("V9 token version and throttle scopes: older than"), refused.getMessage());
            assertEquals(List.of("9", "9001"), newerBuild.status().pending().stream().map(MigrationRunner.Migration::version).toList());
        }
    }
}
