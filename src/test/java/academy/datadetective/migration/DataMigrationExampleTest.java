package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The seed guide's data migration (users.status filled from last_login), as the pattern README recommends:
 * it classifies the rows that exist when it runs, and its down script returns the schema and the data to
 * exactly what they were, so that the rollback and the re-apply an operator may need both hold.
 */
// Quarkus only for its class path: Flyway's PostgreSQL support comes in as a Quarkus conditional dependency,
// absent from the plain Maven test class path. The tests use a scratch database, never the application's.
@QuarkusTest
class DataMigrationExampleTest {

    /** Test-only; kept out of db/migration so that the application's own Flyway never sees it. */
    private static final String EXAMPLE = "classpath:db/datamigration";

    @Test
    void backfillsTheNewColumnFromExistingRowsAndRollsBackToTheSameSchemaAndData() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            new MigrationRunner(db.flyway()).up(Optional.empty(), OptionalInt.empty());
            db.execute("""
                    INSERT INTO users (email, name, role, password_hash, last_login, deactivated_at) VALUES
                        ('logged-in@example.com', 'Logged In', 'student', 'x', now() - interval '2 days', NULL),
                        ('never@example.com', 'Never', 'student', 'x', NULL, NULL),
                        ('gone@example.com', 'Gone', 'teacher', 'x', now() - interval '9 days', now())""");
            List<String> schemaBefore = db.schema();
            List<String> dataBefore = db.data();

            MigrationRunner withExample = new MigrationRunner(db.flyway(EXAMPLE));
            withExample.up(Optional.empty(), OptionalInt.empty());
            assertEquals(List.of("gone@example.com=deactivated", "logged-in@example.com=active", "never@example.com=inactive"),
                    statuses(db));
            // Code that does not know the column yet still inserts; the default fills it.
            db.execute("INSERT INTO users (email, name, role, password_hash) VALUES ('new@example.com', 'New', 'student', 'x')");
            assertEquals(List.of("inactive"), db.strings("SELECT status FROM users WHERE email = 'new@example.com'"));
            db.execute("DELETE FROM users WHERE email = 'new@example.com'");

            new MigrationRollback(db.flyway(EXAMPLE)).down(Optional.empty(), OptionalInt.of(1));
            assertEquals(schemaBefore, db.schema());
            assertEquals(dataBefore, db.data());

            withExample.up(Optional.empty(), OptionalInt.empty());
            assertEquals(List.of("gone@example.com=deactivated", "logged-in@example.com=active", "never@example.com=inactive"),
                    statuses(db));
        }
    }

    private static List<String> statuses(ScratchDatabase db) {
        return db.strings("SELECT email || '=' || status FROM users ORDER BY email");
    }
}
