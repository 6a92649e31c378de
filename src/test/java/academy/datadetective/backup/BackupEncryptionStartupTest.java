package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.configuration.ConfigurationException;

/** Fail closed: a configured key that cannot be read stops the start with one line, never a clear-text backup. */
class BackupEncryptionStartupTest {

    @TempDir
    Path directory;

    @Test
    void aPublicKeyThatCannotBeReadStopsTheStartWithOneLine() throws Exception {
        Path garbage = Files.writeString(directory.resolve("public.asc"), "not a key");
        for (Path key : new Path[] { directory.resolve("missing.asc"), garbage }) {
            ConfigurationException refused = assertThrows(ConfigurationException.class,
                    () -> new BackupEncryption(config(Optional.of(key), Optional.empty())));
            assertTrue(refused.getMessage().startsWith("Cannot start: BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + key), refused.getMessage());
            assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
        }
    }

    @Test
    void aPrivateKeyThatCannotBeReadStopsTheStartToo() throws Exception {
        Path publicKey = BackupTestKeys.writePublic(BackupTestKeys.generate("ops <ops@example.com>"), directory.resolve("public.asc"));
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> new BackupEncryption(config(Optional.of(publicKey), Optional.of(directory.resolve("private.asc")))));
        assertTrue(refused.getMessage().startsWith("Cannot start: BACKUP_ENCRYPTION_PRIVATE_KEY_FILE="), refused.getMessage());
    }

    @Test
    void withoutAKeyBackupsAreNotEncrypted() {
        BackupEncryption none = new BackupEncryption(config(Optional.empty(), Optional.empty()));
        assertEquals(false, none.encrypts());
        assertEquals(Optional.empty(), none.keyId());
    }

    private static BackupConfig config(Optional<Path> publicKey, Optional<Path> privateKey) {
        BackupConfig.Encryption encryption = (BackupConfig.Encryption) Proxy.newProxyInstance(BackupConfig.class.getClassLoader(),
                new Class<?>[] { BackupConfig.Encryption.class }, (proxy, method, arguments) -> switch (method.getName()) {
                    case "publicKeyFile" -> publicKey;
                    case "privateKeyFile" -> privateKey;
                    case "privateKeyPassphraseFile" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (BackupConfig) Proxy.newProxyInstance(BackupConfig.class.getClassLoader(), new Class<?>[] { BackupConfig.class },
                (proxy, method, arguments) -> {
                    if (method.getName().equals("encryption")) {
                        return encryption;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
