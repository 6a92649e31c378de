package academy.datadetective.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.migration.MigrationRollback;

/**
 * The operator commands as an operator runs them: arguments in, text or JSON and an exit code out,
 * on a database of their own.
 */
@QuarkusTest
@TestProfile(OperatorCommands.CommandMode.class)
class MigrateCommandTest {

    @Inject
    OperatorCommands launcher;

    private static JsonNode json(OperatorCommands.Result result) throws IOException {
        return new ObjectMapper().readTree(result.getOutput());
    }

    @Test
    void upDownStatusHistoryAndValidateWalkTheSchema() throws IOException {
        // The profile's database is shared by the command classes' tests, whatever order they run in: start from base.
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "down", "--to", "base").exitCode());
        OperatorCommands.Result empty = launcher.launch("migrate", "status", "--json");
        assertEquals(ExitCodes.OK, empty.exitCode(), empty.getErrorOutput());
        assertTrue(json(empty).path("current").isNull(), empty.getOutput());
        String latest = json(empty).path("latest_known").asText();

        OperatorCommands.Result oneStep = launcher.launch("migrate", "up", "--steps", "1");
        assertEquals(ExitCodes.OK, oneStep.exitCode(), oneStep.getErrorOutput());
        assertTrue(oneStep.getOutput().contains("Applied V1; schema version 1"), oneStep.getOutput());

        OperatorCommands.Result all = launcher.launch("migrate", "up", "--json");
        assertEquals(latest, json(all).path("current").asText(), all.getOutput());

        OperatorCommands.Result history = launcher.launch("migrate", "history");
        assertEquals(ExitCodes.OK, history.exitCode());
        assertTrue(history.getOutput().lines().anyMatch(line -> line.startsWith("V1 ") && line.endsWith("success")),
                history.getOutput());
        assertEquals(Integer.parseInt(latest), history.getOutput().lines().filter(line -> line.startsWith("V")).count(),
                history.getOutput());

        OperatorCommands.Result valid = launcher.launch("migrate", "validate");
        assertEquals(ExitCodes.OK, valid.exitCode(), valid.getOutput());

        OperatorCommands.Result down = launcher.launch("migrate", "down", "--steps", "1");
        assertEquals(ExitCodes.OK, down.exitCode(), down.getErrorOutput());
        assertTrue(down.getOutput().startsWith("Rolled back V" + latest), down.getOutput());

        OperatorCommands.Result again = launcher.launch("migrate", "up");
        assertEquals(ExitCodes.OK, again.exitCode(), again.getErrorOutput());
        assertTrue(again.getOutput().endsWith("schema version " + latest), again.getOutput());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(ExitCodes.USAGE, launcher.launch("migrate", "sideways").exitCode());
        assertEquals(ExitCodes.USAGE, launcher.launch("migrate", "down").exitCode(), "down needs --steps or --to");
        assertEquals(ExitCodes.USAGE, launcher.launch("migrate", "down", "--steps", "1", "--to", "base").exitCode());
    }

    @Test
    void rollingBackToAVersionThatIsNotAppliedFails() {
        launcher.launch("migrate", "up");
        OperatorCommands.Result result = launcher.launch("migrate", "down", "--to", "999");
        assertEquals(ExitCodes.FAILED, result.exitCode());
        assertTrue(result.getErrorOutput().contains("Version 999 is not applied"), result.getErrorOutput());
    }

    @Test
    void newCreatesTheNextMigrationAndItsDownScript(@TempDir Path project) throws IOException {
        Path migrations = Files.createDirectories(project.resolve("src/main/resources/db/migration"));
        Files.writeString(migrations.resolve("V1__first.sql"), "");
        Files.writeString(migrations.resolve("V907__not_merged_yet.sql"), "");

        OperatorCommands.Result result = launcher.launch("migrate", "new", "Add phone-number to  users", "--dir", project.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result.getErrorOutput());
        // After the highest version there is: here the directory's, above this build's and the database's.
        assertTrue(Files.exists(migrations.resolve("V908__add_phone-number_to_users.sql")), result.getOutput());
        assertTrue(Files.exists(project.resolve("src/main/resources/" + MigrationRollback.ROLLBACK_LOCATION
                + "/V908__add_phone-number_to_users.down.sql")));
    }

    @Test
    void newOutsideAProjectIsRefused(@TempDir Path elsewhere) {
        assertEquals(ExitCodes.REFUSED, launcher.launch("migrate", "new", "x", "--dir", elsewhere.toString()).exitCode());
    }
}
