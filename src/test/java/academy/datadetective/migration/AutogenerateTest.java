package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.cli.ExitCodes;
import academy.datadetective.cli.OperatorCommands;

/**
 * {@code migrate new --autogenerate} as an operator runs it, on the command tests' database: the test entity
 * {@link AutogenerateFixture} has a column that its table (fixture migration V9005) lacks.
 */
@QuarkusTest
@TestProfile(OperatorCommands.CommandMode.class)
class AutogenerateTest {

    private static final String FIXTURE = "classpath:db/autogenerate";

    @Inject
    OperatorCommands launcher;

    @Inject
    MigrationService migrations;

    @Inject
    DataSource dataSource;

    /** Flyway on the commands' database with this build's migrations, the fixture's, and those {@code classLoader} adds. */
    private Flyway withFixture(ClassLoader classLoader) {
        return Flyway.configure(classLoader).dataSource(dataSource)
                .locations(ScratchDatabase.REAL_MIGRATIONS, FIXTURE).ignoreMigrationPatterns("*:future").load();
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aMissingColumnIsDraftedWithItsInverseWhichRoundTripAndOnceAppliedThereAreNoChanges(@TempDir Path drafts)
            throws IOException {
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "up").exitCode());
        String latest = migrations.status().latestKnown().orElseThrow();
        try (URLClassLoader withDrafts = new URLClassLoader(new URL[] { drafts.toUri().toURL() }, AutogenerateTest.class.getClassLoader())) {
            try {
                withFixture(withDrafts).migrate();

                OperatorCommands.Result drafted = launcher.launch("migrate", "new", "--autogenerate", "Add note to the fixture",
                        "--output", drafts.toString());

                assertEquals(ExitCodes.OK, drafted.exitCode(), drafted.getErrorOutput());
                Path up = drafts.resolve("db/migration/V9006__add_note_to_the_fixture.sql");
                Path down = drafts.resolve("db/rollback/V9006__add_note_to_the_fixture.down.sql");
                assertEquals(List.of(up, down), files(drafts), drafted.getOutput());
                String upScript = Files.readString(up);
                assertTrue(upScript.startsWith("-- DRAFT written by `migrate new --autogenerate`"), upScript);
                assertTrue(upScript.contains("REVIEW IT BEFORE YOU COMMIT"), upScript);
                assertTrue(MigrationDraft.oneLine(upScript).endsWith("alter table autogenerate_fixture add column note varchar(500)"),
                        upScript);
                String downScript = Files.readString(down);
                assertTrue(downScript.contains("REVIEW IT BEFORE YOU COMMIT"), downScript);
                assertTrue(downScript.strip().endsWith("\nALTER TABLE autogenerate_fixture DROP COLUMN note;"), downScript);

                // The drafted pair passes the check every migration of the build passes, from the build's newest on.
                try (ScratchDatabase scratch = ScratchDatabase.create()) {
                    MigrationRoundTripTest.assertRoundTrip(scratch, scratch.configure(withDrafts, FIXTURE).load(), Optional.of(latest));
                }

                withFixture(withDrafts).migrate();
                OperatorCommands.Result again = launcher.launch("migrate", "new", "--autogenerate", "Add note again",
                        "--output", drafts.toString());

                assertEquals(ExitCodes.OK, again.exitCode(), again.getErrorOutput());
                assertTrue(again.getOutput().startsWith("No changes: the entities and the schema (version 9006) agree"),
                        again.getOutput());
                assertEquals(List.of(up, down), files(drafts));
            } finally {
                new MigrationRollback(withFixture(withDrafts)).down(Optional.of(latest), OptionalInt.empty());
            }
        }
    }

    @Test
    void aDescriptionFlywayCannotNameIsRefusedAndNothingIsWritten(@TempDir Path drafts) throws IOException {
        OperatorCommands.Result result = launcher.launch("migrate", "new", "--autogenerate", "add note; drop users!",
                "--output", drafts.toString());

        assertEquals(ExitCodes.REFUSED, result.exitCode());
        assertTrue(result.getErrorOutput().contains("not ';' '!'"), result.getErrorOutput());
        assertEquals(List.of(), files(drafts));
    }

    @Test
    void aSchemaWithPendingMigrationsIsNotCompared(@TempDir Path drafts) throws IOException {
        launcher.launch("migrate", "up");
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "down", "--steps", "1").exitCode());
        try {
            OperatorCommands.Result result = launcher.launch("migrate", "new", "--autogenerate", "anything",
                    "--output", drafts.toString());

            assertEquals(ExitCodes.FAILED, result.exitCode());
            assertTrue(result.getErrorOutput().contains("apply them first (migrate up)"), result.getErrorOutput());
            assertEquals(List.of(), files(drafts));
        } finally {
            launcher.launch("migrate", "up");
        }
    }
}
