package academy.datadetective.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;


/** The seed guide's `seed.py`, `--minimal` and `--clear`, as operators run them. */
@QuarkusTest
@TestProfile(OperatorCommands.CommandMode.class)
class SeedCommandTest {

    @Inject
    OperatorCommands launcher;

    @Test
    void seedsAfterMigratingMinimalThenClearedFull() throws IOException {
        // The command classes share one database, whatever order they run in: start from base.
        assertEquals(ExitCodes.OK, launcher.launch("migrate", "down", "--to", "base").exitCode());
        OperatorCommands.Result unmigrated = launcher.launch("seed");
        assertEquals(ExitCodes.FAILED, unmigrated.exitCode(), unmigrated.getOutput());
        assertTrue(unmigrated.getErrorOutput().contains("run `migrate up` first"), unmigrated.getErrorOutput());

        assertEquals(ExitCodes.OK, launcher.launch("migrate", "up").exitCode());

        OperatorCommands.Result minimal = launcher.launch("seed", "--minimal", "--json");
        assertEquals(ExitCodes.OK, minimal.exitCode(), minimal.getErrorOutput());
        JsonNode report = new ObjectMapper().readTree(minimal.getOutput());
        List<String> emails = new ArrayList<>();
        report.path("accounts").forEach(account -> emails.add(account.path("email").asText()));
        assertEquals(List.of("teacher@example.com", "alice@example.com", "bob@example.com", "admin@example.com"), emails);
        assertEquals(0, report.path("progress_created").asInt());

        OperatorCommands.Result cleared = launcher.launch("seed", "--clear", "--yes");
        assertEquals(ExitCodes.OK, cleared.exitCode(), cleared.getErrorOutput());
        String text = cleared.getOutput();
        assertTrue(text.contains("Seeded the full sample academy after clearing all data"), text);
        assertTrue(text.lines().anyMatch(line -> line.matches("\\s*created\\s+teacher\\s+teacher@example.com\\s+teacher123")), text);
        assertTrue(text.lines().anyMatch(line -> line.matches("\\s*created\\s+student\\s+eve@example.com\\s+student123")), text);
        assertTrue(text.contains("20 progress rows, 45 attempts, 20 hints"), text);
    }
}
