package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the service writes, the machine's gpg reads, and the other way round, with keys gpg made itself: RSA 3072
 * (gpg 2.2's default) and Ed25519/Cv25519 (its future-default). gpg runs in a home directory of its own, its agent
 * stopped at the end.
 */
class BackupEncryptionGpgTest {

    private static final String RSA = "rsa@example.org";
    private static final String CURVE = "curve@example.org";
    private static final String PROTECTED = "protected@example.org";
    private static final String PASSPHRASE = "gpg made this one";

    @TempDir
    static Path dir;

    static Path home;
    static Path secretKeys;

    @BeforeAll
    static void generateKeysWithGpg() throws Exception {
        assumeTrue(gpgRuns(), "gpg is not on the PATH");
        home = Files.createDirectory(dir.resolve("gnupg"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        gpg("--passphrase", "", "--quick-gen-key", "RSA backup <" + RSA + ">", "default", "default", "never");
        gpg("--passphrase", "", "--quick-gen-key", "Curve backup <" + CURVE + ">", "future-default", "default", "never");
        secretKeys = dir.resolve("both.sec.asc");
        // Both keys in one armor block, as gpg --export-secret-keys writes several.
        gpg("--passphrase", "", "--armor", "--output", secretKeys.toString(), "--export-secret-keys", RSA, CURVE);
    }

    @AfterAll
    static void stopTheAgent() throws Exception {
        if (home != null) {
            run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent"));
        }
    }

    @Test
    void theKeyIdIsGpgsLongKeyIdOfTheEncryptionSubkey() throws Exception {
        BackupDecryptionKeys keys = BackupDecryptionKeys.read(secretKeys, Optional.empty());
        assertEquals(Set.of(gpgEncryptionKeyId(RSA), gpgEncryptionKeyId(CURVE)), keys.keyIds());
        for (String user : List.of(RSA, CURVE)) {
            assertEquals(gpgEncryptionKeyId(user), publicKey(user).keyId());
        }
    }

    @Test
    void gpgDecryptsWhatWeEncrypt() throws Exception {
        byte[] plaintext = BackupEncryptionRoundTripTest.randomBytes((1 << 20) + 3, 11);
        for (String user : List.of(RSA, CURVE)) {
            Path encrypted = dir.resolve("ours-to-" + user + ".sql.gz.gpg");
            try (OutputStream file = Files.newOutputStream(encrypted); OutputStream out = publicKey(user).encrypt(file)) {
                out.write(plaintext);
            }
            Path decrypted = dir.resolve("ours-to-" + user + ".sql.gz");
            String log = gpg("--verbose", "--output", decrypted.toString(), "--decrypt", encrypted.toString());
            assertArrayEquals(plaintext, Files.readAllBytes(decrypted), user);
            assertTrue(log.contains("AES256"), log);
            assertFalse(log.contains("WARNING"), log);
            String packets = gpg("--list-packets", encrypted.toString());
            assertTrue(packets.contains("mdc_method: 2"), "integrity protected (SEIPD v1 with MDC): " + packets);
            assertFalse(packets.contains("compressed packet"), packets);
            assertTrue(packets.contains(":literal data packet:\n\tmode b"), packets);
        }
    }

    @Test
    void weDecryptWhatGpgEncryptsWithItsDefaults() throws Exception {
        // Compressed, as gpg does unless told otherwise.
        BackupDecryptionKeys keys = BackupDecryptionKeys.read(secretKeys, Optional.empty());
        byte[] plaintext = "-- backup\n".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        Path clear = Files.write(dir.resolve("gpg-defaults.sql"), plaintext);
        for (String user : List.of(RSA, CURVE)) {
            Path encrypted = dir.resolve("gpg-to-" + user + ".gpg");
            gpg("--trust-model", "always", "--output", encrypted.toString(), "--recipient", user, "--encrypt", clear.toString());
            assertArrayEquals(plaintext, decrypt(keys, encrypted), user);
            try (InputStream in = Files.newInputStream(encrypted)) {
                assertEquals(List.of(gpgEncryptionKeyId(user)), EncryptedBackupPackets.recipientKeyIds(in));
            }
        }
    }

    @Test
    void weDecryptSignedMessagesAndHiddenRecipients() throws Exception {
        BackupDecryptionKeys keys = BackupDecryptionKeys.read(secretKeys, Optional.empty());
        byte[] plaintext = BackupEncryptionRoundTripTest.randomBytes(100_000, 12);
        Path clear = Files.write(dir.resolve("signed.bin"), plaintext);
        Path signed = dir.resolve("signed.gpg");
        gpg("--trust-model", "always", "--output", signed.toString(), "--local-user", CURVE, "--recipient", RSA, "--sign", "--encrypt", clear.toString());
        assertArrayEquals(plaintext, decrypt(keys, signed));
        Path hidden = dir.resolve("hidden.gpg");
        gpg("--trust-model", "always", "--output", hidden.toString(), "--hidden-recipient", CURVE, "--encrypt", clear.toString());
        assertArrayEquals(plaintext, decrypt(keys, hidden));
    }

    /** The primary key kept offline, only the subkeys exported, all under gpg's own passphrase protection. */
    @Test
    void aPassphraseProtectedGpgKeyWithOnlyItsSubkeysExported() throws Exception {
        gpg("--passphrase", PASSPHRASE, "--quick-gen-key", "Protected backup <" + PROTECTED + ">", "future-default", "default", "never");
        Path subkeys = dir.resolve("protected-subkeys.sec.asc");
        gpg("--passphrase", PASSPHRASE, "--armor", "--output", subkeys.toString(), "--export-secret-subkeys", PROTECTED);
        Path passphrase = Files.writeString(dir.resolve("passphrase"), PASSPHRASE + "\n");
        BackupDecryptionKeys keys = BackupDecryptionKeys.read(subkeys, Optional.of(passphrase));
        assertEquals(Set.of(gpgEncryptionKeyId(PROTECTED)), keys.keyIds());
        byte[] plaintext = BackupEncryptionRoundTripTest.randomBytes(10_000, 13);
        Path clear = Files.write(dir.resolve("protected.bin"), plaintext);
        Path encrypted = dir.resolve("protected.gpg");
        gpg("--trust-model", "always", "--output", encrypted.toString(), "--recipient", PROTECTED, "--encrypt", clear.toString());
        assertArrayEquals(plaintext, decrypt(keys, encrypted));
        Path wrong = Files.writeString(dir.resolve("wrong-passphrase"), "not it");
        assertThrows(BackupKeyException.class, () -> BackupDecryptionKeys.read(subkeys, Optional.of(wrong)));
    }

    private static BackupEncryptionKey publicKey(String user) throws Exception {
        Path file = dir.resolve(user + ".pub.asc");
        if (!Files.exists(file)) {
            gpg("--armor", "--output", file.toString(), "--export", user);
        }
        return BackupEncryptionKey.read(file);
    }

    private static byte[] decrypt(BackupDecryptionKeys keys, Path encrypted) throws IOException {
        try (InputStream in = keys.decrypt(Files.newInputStream(encrypted))) {
            return in.readAllBytes();
        }
    }

    /** The key id of the user's encryption subkey: field 5 of the {@code sub} line with capability {@code e}. */
    private static String gpgEncryptionKeyId(String user) throws Exception {
        for (String line : gpg("--with-colons", "--list-keys", user).split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals("sub") && fields[11].contains("e")) {
                return fields[4];
            }
        }
        throw new AssertionError("gpg lists no encryption subkey for " + user);
    }

    private static String gpg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes", "--pinentry-mode", "loopback"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** stdout and stderr together; a failing command fails the test with them. */
    private static String run(List<String> command) throws Exception {
        Path output = Files.createTempFile(dir, "gpg", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "gpg finished within a minute: " + command);
        String log = Files.readString(output);
        assertEquals(0, process.exitValue(), command + "\n" + log);
        return log;
    }

    private static boolean gpgRuns() {
        try {
            return new ProcessBuilder("gpg", "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
