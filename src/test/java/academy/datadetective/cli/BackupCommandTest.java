package academy.datadetective.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import academy.datadetective.backup.BackupConfig;


/** The seed guide's backup.sh and restore.sh, as operators run them. */
@QuarkusTest
@TestProfile(OperatorCommands.CommandMode.class)
class BackupCommandTest {

    @Inject
    OperatorCommands launcher;

    @Inject
    BackupConfig config;

    /** The command classes share one database, whatever order they run in: each test starts from an empty one. */
    @BeforeEach
    void emptyDatabaseWithTheMinimalSeed() {
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "down", "--to", "base").exitCode());
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "up").exitCode());
        assertEquals(ExitCodes.OK, launcher.launch("seed", "--minimal").exitCode());
    }

    @Test
    void backupIntoADirectoryThenRestoreIt(@TempDir Path directory) throws IOException {
        // What a backup into this directory killed with kill -9 leaves: the next one there removes it.
        Path killedOnes = Files.writeString(directory.resolve(".backup_killed.partial"), "half a backup");
        OperatorCommands.Result backup = launcher.launch("backup", directory.toString(), "--json");
        assertEquals(ExitCodes.OK, backup.exitCode(), backup.getErrorOutput());
        JsonNode report = new ObjectMapper().readTree(backup.getOutput());
        Path file = directory.resolve(report.path("name").asText());
        assertTrue(Files.isRegularFile(file), backup.getOutput());
        assertTrue(Files.isRegularFile(directory.resolve(file.getFileName() + ".sha256")));
        assertEquals(4, report.path("rows").path("users").asInt(), backup.getOutput());
        assertTrue(Files.notExists(killedOnes), "the killed backup's temporary file is left");

        OperatorCommands.Result restore = launcher.launch("restore", file.toString(), "--yes");
        assertEquals(ExitCodes.OK, restore.exitCode(), restore.getErrorOutput());
        assertTrue(restore.getOutput().startsWith("Restored " + file), restore.getOutput());
        assertTrue(restore.getOutput().contains("Safety backup of the data before: backup_"), restore.getOutput());

        OperatorCommands.Result missing = launcher.launch("restore", directory.resolve("backup_20000101_000000.sql.gz").toString(), "--yes");
        assertEquals(ExitCodes.FAILED, missing.exitCode());
    }

    @Test
    void verifyPinPruneAndRestoreByNameInTheConfiguredDirectory() throws IOException {
        OperatorCommands.Result backup = launcher.launch("backup", "--json");
        assertEquals(ExitCodes.OK, backup.exitCode(), backup.getErrorOutput());
        String name = new ObjectMapper().readTree(backup.getOutput()).path("name").asText();
        Path file = Path.of(config.dir()).toAbsolutePath().normalize().resolve(name);

        OperatorCommands.Result verified = launcher.launch("backup", "verify", name);
        assertEquals(ExitCodes.OK, verified.exitCode(), verified.getOutput() + verified.getErrorOutput());
        assertTrue(verified.getOutput().startsWith("ok      " + name), verified.getOutput());

        OperatorCommands.Result pinned = launcher.launch("backup", "pin", name);
        assertEquals("Pinned " + name, pinned.getOutput().strip());
        OperatorCommands.Result plan = launcher.launch("backup", "prune", "--dry-run");
        assertEquals(ExitCodes.OK, plan.exitCode(), plan.getErrorOutput());
        assertTrue(plan.getOutput().lines().anyMatch(line -> line.startsWith("  keep    " + name + "  pinned")), plan.getOutput());
        assertEquals(ExitCodes.OK, launcher.launch("backup", "unpin", name).exitCode());

        OperatorCommands.Result restore = launcher.launch("restore", name, "--yes");
        assertEquals(ExitCodes.OK, restore.exitCode(), restore.getErrorOutput());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x01;
        Files.write(file, bytes);
        OperatorCommands.Result damaged = launcher.launch("backup", "verify", "--all");
        assertEquals(ExitCodes.FAILED, damaged.exitCode(), damaged.getOutput());
        assertTrue(damaged.getOutput().contains("FAILED  " + name), damaged.getOutput());
        Files.delete(file);
    }
}
