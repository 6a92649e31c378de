package academy.datadetective.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

import academy.datadetective.migration.MigrationRunner;
import academy.datadetective.migration.ScratchDatabaseResource;

/**
 * The operator commands as an operator runs them: arguments in, text or JSON and an exit code out,
 * on a database of their own.
 */
@QuarkusMainTest
@TestProfile(MigrateCommandTest.CommandMode.class)
class MigrateCommandTest {

    private static final String DATABASE_KEY = "migrate-command";

    public static class CommandMode extends CommandModeOnScratchDatabase {
        @Override
        protected String databaseKey() {
            return DATABASE_KEY;
        }
    }

    @AfterAll
    static void dropTheDatabase() {
        ScratchDatabaseResource.drop(DATABASE_KEY);
    }

    private static JsonNode json(LaunchResult result) throws IOException {
        return new ObjectMapper().readTree(result.getOutput());
    }

    @Test
    void upDownStatusHistoryAndValidateWalkTheSchema(QuarkusMainLauncher launcher) throws IOException {
        // The profile's database is shared by this class's tests, whatever order they run in: start from base.
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "down", "--to", "base").exitCode());
        LaunchResult empty = launcher.launch("migrate", "status", "--json");
        assertEquals(ExitCodes.OK, empty.exitCode(), empty.getErrorOutput());
        assertTrue(json(empty).path("current").isNull(), empty.getOutput());
        String latest = json(empty).path("latest_known").asText();

        LaunchResult oneStep = launcher.launch("migrate", "up", "--steps", "1");
        assertEquals(ExitCodes.OK, oneStep.exitCode(), oneStep.getErrorOutput());
        assertTrue(oneStep.getOutput().contains("Applied V1; schema version 1"), oneStep.getOutput());

        LaunchResult all = launcher.launch("migrate", "up", "--json");
        assertEquals(latest, json(all).path("current").asText(), all.getOutput());

        LaunchResult history = launcher.launch("migrate", "history");
        assertEquals(ExitCodes.OK, history.exitCode());
        assertTrue(history.getOutput().lines().anyMatch(line -> line.startsWith("V1 ") && line.endsWith("success")),
                history.getOutput());
        assertEquals(Integer.parseInt(latest), history.getOutput().lines().filter(line -> line.startsWith("V")).count(),
                history.getOutput());

        LaunchResult valid = launcher.launch("migrate", "validate");
        assertEquals(ExitCodes.OK, valid.exitCode(), valid.getOutput());

        LaunchResult down = launcher.launch("migrate", "down", "--steps", "1");
        assertEquals(ExitCodes.OK, down.exitCode(), down.getErrorOutput());
        assertTrue(down.getOutput().startsWith("Rolled back V" + latest), down.getOutput());

        LaunchResult again = launcher.launch("migrate", "up");
        assertEquals(ExitCodes.OK, again.exitCode(), again.getErrorOutput());
        assertTrue(again.getOutput().endsWith("schema version " + latest), again.getOutput());
    }

    @Test
    void usageErrorsExitWithTwo(QuarkusMainLauncher launcher) {
        assertEquals(ExitCodes.USAGE, launcher.launch("migrate", "sideways").exitCode());
        assertEquals(ExitCodes.USAGE, launcher.launch("migrate", "down").exitCode(), "down needs --steps or --to");
        assertEquals(ExitCodes.USAGE, launcher.launch("migrate", "down", "--steps", "1", "--to", "base").exitCode());
    }

    @Test
    void rollingBackToAVersionThatIsNotAppliedFails(QuarkusMainLauncher launcher) {
        launcher.launch("migrate", "up");
        LaunchResult result = launcher.launch("migrate", "down", "--to", "999");
        assertEquals(ExitCodes.FAILED, result.exitCode());
        assertTrue(result.getErrorOutput().contains("Version 999 is not applied"), result.getErrorOutput());
    }

    @Test
    void newCreatesTheNextMigrationAndItsDownScript(QuarkusMainLauncher launcher, @TempDir Path project) throws IOException {
        Path migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(migrations.resolve("V1__first.sql"), "");
        Files.writeString(migrations.resolve("V7__seventh.sql"), "");

        LaunchResult result = launcher.launch("migrate", "new", "Add phone number to users!", "--dir", project.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result.getErrorOutput());
        assertTrue(Files.exists(migrations.resolve("V8__add_phone_number_to_users.sql")));
        assertTrue(Files.exists(project.resolve("src/main/resources/" + MigrationRunner.ROLLBACK_LOCATION
                + "/V8__add_phone_number_to_users.down.sql")));
    }

    @Test
    void newOutsideAProjectIsRefused(QuarkusMainLauncher launcher, @TempDir Path elsewhere) {
        assertEquals(ExitCodes.REFUSED, launcher.launch("migrate", "new", "x", "--dir", elsewhere.toString()).exitCode());
    }
}
