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


/** The seed guide's backup.sh and restore.sh, as operators run them. */
@QuarkusTest
@TestProfile(OperatorCommands.CommandMode.class)
class BackupCommandTest {

    @Inject
    OperatorCommands launcher;

    @Test
    void backupIntoADirectoryThenRestoreIt(@TempDir Path directory) throws IOException {
        // The command classes share one database, whatever order they run in: start from an empty one.
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "down", "--to", "base").exitCode());
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "up").exitCode());
        assertEquals(ExitCodes.OK, launcher.launch("seed", "--minimal").exitCode());

        OperatorCommands.Result backup = launcher.launch("backup", directory.toString(), "--json");
        assertEquals(ExitCodes.OK, backup.exitCode(), backup.getErrorOutput());
        JsonNode report = new ObjectMapper().readTree(backup.getOutput());
        Path file = directory.resolve(report.path("name").asText());
        assertTrue(Files.isRegularFile(file), backup.getOutput());
        assertTrue(Files.isRegularFile(directory.resolve(file.getFileName() + ".sha256")));
        assertEquals(4, report.path("rows").path("users").asInt(), backup.getOutput());

        OperatorCommands.Result restore = launcher.launch("restore", file.toString(), "--yes");
        assertEquals(ExitCodes.OK, restore.exitCode(), restore.getErrorOutput());
        assertTrue(restore.getOutput().startsWith("Restored " + file), restore.getOutput());
        assertTrue(restore.getOutput().contains("Safety backup of the data before: backup_"), restore.getOutput());

        OperatorCommands.Result missing = launcher.launch("restore", directory.resolve("backup_20000101_000000.sql.gz").toString(), "--yes");
        assertEquals(ExitCodes.FAILED, missing.exitCode());
    }
}
