package academy.datadetective.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPKey;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Throw-away OpenPGP keys for a {@code @QuarkusTest} profile, made when it starts and never kept: backups are
 * encrypted to the current key, and the private key file holds the current and an old one, as after a rotation.
 */
public class EncryptionKeysResource implements QuarkusTestResourceLifecycleManager {

    static OpenPGPKey current;
    static OpenPGPKey old;
    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("academy-backup-keys");
            current = BackupTestKeys.generate("current backups <ops@example.com>");
            old = BackupTestKeys.generate("old backups <ops@example.com>");
            Path publicKey = BackupTestKeys.writePublic(current, directory.resolve("public.asc"));
            Path privateKeys = BackupTestKeys.writeSecret(directory.resolve("private.asc"), old, current);
            return Map.of("academy.backup.encryption.public-key-file", publicKey.toString(),
                    "academy.backup.encryption.private-key-file", privateKeys.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path oldPublicKey(Path directory) throws IOException {
        return BackupTestKeys.writePublic(old, directory.resolve("old-public.asc"));
    }

    @Override
    public void stop() {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
