package academy.datadetective.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtKeyConfigurationCheckTest {

    @TempDir
    static Path keys;

    static Optional<String> privateKey;
    static Optional<String> publicKey;
    static Optional<String> otherPublicKey;

    @BeforeAll
    static void writeKeyPairs() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        privateKey = Optional.of(pem(keys.resolve("private.pem"), "PRIVATE KEY", pair.getPrivate()));
        publicKey = Optional.of(pem(keys.resolve("public.pem"), "PUBLIC KEY", pair.getPublic()));
        otherPublicKey = Optional.of(pem(keys.resolve("other-public.pem"), "PUBLIC KEY", generator.generateKeyPair().getPublic()));
    }

    private static String pem(Path file, String type, Key key) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file.toString();
    }

    @Test
    void productionWithoutKeysIsRefused() {
        List<String> problems = JwtKeyConfigurationCheck.problems(true, Optional.empty(), Optional.empty());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE are not set"), problems.get(0));
    }

    @Test
    void devAndTestMayLeaveKeysToQuarkus() {
        assertEquals(List.of(), JwtKeyConfigurationCheck.problems(false, Optional.empty(), Optional.empty()));
    }

    @Test
    void aMatchingKeyPairIsAccepted() {
        assertEquals(List.of(), JwtKeyConfigurationCheck.problems(true, privateKey, publicKey));
    }

    @Test
    void halfAKeyPairIsRefused() {
        List<String> problems = JwtKeyConfigurationCheck.problems(false, privateKey, Optional.empty());
        assertTrue(problems.get(0).startsWith("JWT_PUBLIC_KEY_FILE is not set"), problems.get(0));
    }

    @Test
    void keysOfDifferentPairsAreRefused() {
        List<String> problems = JwtKeyConfigurationCheck.problems(true, privateKey, otherPublicKey);
        assertEquals(List.of("JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE are not two halves of one RSA key pair"), problems);
    }

    @Test
    void missingOrUnreadableKeyFilesAreNamed() throws IOException {
        Path garbage = Files.writeString(keys.resolve("garbage.pem"), "not a key");
        List<String> problems = JwtKeyConfigurationCheck.problems(true, Optional.of(garbage.toString()),
                Optional.of(keys.resolve("absent.pem").toString()));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("JWT_PRIVATE_KEY_FILE points to"), problems.get(0));
        assertTrue(problems.get(1).startsWith("JWT_PUBLIC_KEY_FILE points to"), problems.get(1));
    }
}
