package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Each way a configured key can be unusable stops with one line that names the setting and the file. */
class BackupEncryptionKeyFilesTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    static Path dir;

    static OpenPGPKey key;
    static Path publicKey;
    static Path secretKey;

    @BeforeAll
    static void generateKey() throws Exception {
        key = BackupTestKeys.generate("Backup key <backup@example.org>");
        publicKey = BackupTestKeys.writePublic(key, dir.resolve("backup.pub.asc"));
        secretKey = BackupTestKeys.writeSecret(dir.resolve("backup.sec.asc"), key);
    }

    @Test
    void aMissingOrUnreadableFileIsNamed() {
        Path missing = dir.resolve("missing.asc");
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + missing + ": no such file", () -> BackupEncryptionKey.read(missing));
        assertRefused("BACKUP_ENCRYPTION_PRIVATE_KEY_FILE=" + missing + ": no such file", () -> BackupDecryptionKeys.read(missing, Optional.empty()));
        assertRefused("BACKUP_ENCRYPTION_PRIVATE_KEY_PASSPHRASE_FILE=" + missing + ": no such file",
                () -> BackupDecryptionKeys.read(secretKey, Optional.of(missing)));
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + dir + ": cannot be read (Is a directory)", () -> BackupEncryptionKey.read(dir));
    }

    @Test
    void whatIsNoArmoredKeyIsRefused() throws IOException {
        Path binary = Files.write(dir.resolve("binary.gpg"), key.toCertificate().getEncoded());
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + binary + ": is not an armored OpenPGP key: no -----BEGIN PGP PUBLIC KEY BLOCK----- line"
                + " (gpg --armor --export KEY-ID)", () -> BackupEncryptionKey.read(binary));
        Path broken = Files.writeString(dir.resolve("broken.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64 at all\n-----END PGP PUBLIC KEY BLOCK-----\n");
        assertRefusedStartingWith("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + broken + ": is not a readable OpenPGP public key (", () -> BackupEncryptionKey.read(broken));
        Path huge = Files.write(dir.resolve("huge.asc"), new byte[2 << 20]);
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + huge + ": is 2097152 bytes, too large for a key file", () -> BackupEncryptionKey.read(huge));
    }

    @Test
    void aSecretKeyWhereThePublicKeyBelongsAndTheOtherWayRoundAreRefused() {
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + secretKey + ": holds a private key where a public key belongs (gpg --armor --export KEY-ID)",
                () -> BackupEncryptionKey.read(secretKey));
        assertRefused("BACKUP_ENCRYPTION_PRIVATE_KEY_FILE=" + publicKey + ": holds a public key where a private key belongs"
                + " (gpg --armor --export-secret-keys KEY-ID)", () -> BackupDecryptionKeys.read(publicKey, Optional.empty()));
    }

    @Test
    void aPublicKeyFileMustHoldExactlyOneKey() throws Exception {
        OpenPGPKey other = BackupTestKeys.generate("Other <other@example.org>");
        Path two = Files.writeString(dir.resolve("two.pub.asc"), key.toCertificate().toAsciiArmoredString() + other.toCertificate().toAsciiArmoredString());
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + two + ": holds 2 keys; backups are encrypted to exactly one", () -> BackupEncryptionKey.read(two));
    }

    @Test
    void aKeyThatCannotEncryptIsRefused() throws Exception {
        OpenPGPKey signOnly = BackupTestKeys.API.generateKey(4).withPrimaryKey(keys -> keys.generateLegacyEd25519KeyPair()).addUserId("Sign <s@example.org>").build();
        String primary = BackupEncryptionKey.keyId(signOnly.getPrimaryKey().getPGPPublicKey().getKeyID());
        Path publicFile = BackupTestKeys.writePublic(signOnly, dir.resolve("sign-only.pub.asc"));
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + publicFile + ": the key " + primary
                + " has no valid encryption key (add one: gpg --quick-add-key FINGERPRINT cv25519 encr)", () -> BackupEncryptionKey.read(publicFile));
        Path secretFile = BackupTestKeys.writeSecret(dir.resolve("sign-only.sec.asc"), signOnly);
        assertRefused("BACKUP_ENCRYPTION_PRIVATE_KEY_FILE=" + secretFile + ": holds no secret key that can decrypt (only signing keys, or stubs of keys kept elsewhere)",
                () -> BackupDecryptionKeys.read(secretFile, Optional.empty()));
    }

    @Test
    void anExpiredKeyEncryptsNoMoreButStillDecryptsOldBackups() throws Exception {
        OpenPGPKey expired = BackupTestKeys.generateValidForOneDay("Expired <expired@example.org>", 3);
        Path publicFile = BackupTestKeys.writePublic(expired, dir.resolve("expired.pub.asc"));
        BackupKeyException refused = assertThrows(BackupKeyException.class, () -> BackupEncryptionKey.read(publicFile));
        assertTrue(refused.getMessage().matches("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=.*: the key [0-9A-F]{16} expired on 20.*Z"), refused.getMessage());

        BackupDecryptionKeys keys = BackupDecryptionKeys.read(BackupTestKeys.writeSecret(dir.resolve("expired.sec.asc"), expired), Optional.empty());
        // Encrypted while the key was valid: Bouncy Castle directly, since BackupEncryptionKey now refuses it.
        byte[] oldBackup = BackupTestKeys.encryptWith(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true),
                new BcPublicKeyKeyEncryptionMethodGenerator(expired.getSubkeys().values().iterator().next().getPGPPublicKey()), new byte[] {7});
        assertArrayEquals(new byte[] {7}, BackupTestKeys.decrypt(keys, oldBackup));
    }

    @Test
    void aKeyThatExpiresLaterIsUsedAndSaysWhen() throws Exception {
        OpenPGPKey expiring = BackupTestKeys.generateValidForOneDay("Expiring <expiring@example.org>", 0);
        BackupEncryptionKey encryptionKey = BackupEncryptionKey.read(BackupTestKeys.writePublic(expiring, dir.resolve("expiring.pub.asc")));
        Instant expiresAt = encryptionKey.expiresAt().orElseThrow();
        assertTrue(Duration.between(Instant.now(), expiresAt).compareTo(Duration.ofHours(23)) > 0, expiresAt.toString());
    }

    @Test
    void aRevokedKeyOrSubkeyIsRefused() throws Exception {
        OpenPGPKey revoked = BackupTestKeys.API.editKey(key).revokeKey().done();
        Path revokedFile = BackupTestKeys.writePublic(revoked, dir.resolve("revoked.pub.asc"));
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + revokedFile + ": the key " + BackupEncryptionKey.keyId(key.getPrimaryKey().getPGPPublicKey().getKeyID())
                + " is revoked", () -> BackupEncryptionKey.read(revokedFile));
        OpenPGPKey subkeyRevoked = BackupTestKeys.API.editKey(key).revokeComponentKey(key.getEncryptionKeys().get(0)).done();
        Path subkeyRevokedFile = BackupTestKeys.writePublic(subkeyRevoked, dir.resolve("subkey-revoked.pub.asc"));
        assertRefused("BACKUP_ENCRYPTION_PUBLIC_KEY_FILE=" + subkeyRevokedFile + ": its encryption key "
                + BackupEncryptionKey.keyId(key.getEncryptionKeys().get(0).getPGPPublicKey().getKeyID()) + " is revoked", () -> BackupEncryptionKey.read(subkeyRevokedFile));
    }

    @Test
    void aV6KeyWhichGpgCannotDecryptIsRefused() throws Exception {
        OpenPGPKey v6 = BackupTestKeys.API.generateKey(6).ed25519x25519Key("V6 <v6@example.org>").build();
        Path file = BackupTestKeys.writePublic(v6, dir.resolve("v6.pub.asc"));
        BackupKeyException refused = assertThrows(BackupKeyException.class, () -> BackupEncryptionKey.read(file));
        assertTrue(refused.getMessage().endsWith("is an OpenPGP v6 key, which gpg 2.2 and 2.4 cannot decrypt; use a v4 key (what gpg generates)"), refused.getMessage());
    }

    @Test
    void aPassphraseProtectedKeyNeedsItsPassphrase() throws Exception {
        OpenPGPKey protectedKey = BackupTestKeys.generate("Protected <protected@example.org>", PASSPHRASE.toCharArray());
        String subkey = BackupEncryptionKey.keyId(protectedKey.getEncryptionKeys().get(0).getPGPPublicKey().getKeyID());
        Path secretFile = BackupTestKeys.writeSecret(dir.resolve("protected.sec.asc"), protectedKey);
        // As echo leaves it: the trailing line break is not part of the passphrase.
        Path right = Files.writeString(dir.resolve("right.txt"), PASSPHRASE + "\n");
        BackupDecryptionKeys keys = BackupDecryptionKeys.read(secretFile, Optional.of(right));
        assertEquals(Set.of(subkey), keys.keyIds());
        BackupEncryptionKey encryptionKey = BackupEncryptionKey.read(BackupTestKeys.writePublic(protectedKey, dir.resolve("protected.pub.asc")));
        assertArrayEquals(new byte[] {1, 2}, BackupTestKeys.decrypt(keys, BackupTestKeys.encrypt(encryptionKey, new byte[] {1, 2})));

        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "Tr0ub4dor&3");
        BackupKeyException wrongPassphrase = assertRefused("BACKUP_ENCRYPTION_PRIVATE_KEY_PASSPHRASE_FILE=" + wrong + ": the passphrase does not unlock key "
                + subkey + " of BACKUP_ENCRYPTION_PRIVATE_KEY_FILE=" + secretFile,
                () -> BackupDecryptionKeys.read(secretFile, Optional.of(wrong)));
        assertFalse(wrongPassphrase.getMessage().contains("Tr0ub4dor"));
        assertRefused("BACKUP_ENCRYPTION_PRIVATE_KEY_FILE=" + secretFile + ": its key " + subkey
                + " is protected by a passphrase; set BACKUP_ENCRYPTION_PRIVATE_KEY_PASSPHRASE_FILE", () -> BackupDecryptionKeys.read(secretFile, Optional.empty()));
    }

    private static BackupKeyException assertRefused(String message, Executable read) {
        BackupKeyException refused = assertThrows(BackupKeyException.class, read);
        assertEquals(message, refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line");
        return refused;
    }

    private static void assertRefusedStartingWith(String start, Executable read) {
        BackupKeyException refused = assertThrows(BackupKeyException.class, read);
        assertTrue(refused.getMessage().startsWith(start), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line");
    }
}
