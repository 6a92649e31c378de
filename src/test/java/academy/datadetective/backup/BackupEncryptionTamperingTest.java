package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupEncryptionTamperingTest {

    @TempDir
    static Path keyDir;

    static OpenPGPKey key;
    static BackupEncryptionKey encryptionKey;
    static BackupDecryptionKeys decryptionKeys;

    @BeforeAll
    static void generateKey() throws Exception {
        key = BackupTestKeys.generate("Backup key <backup@example.org>");
        encryptionKey = BackupEncryptionKey.read(BackupTestKeys.writePublic(key, keyDir.resolve("backup.pub.asc")));
        decryptionKeys = BackupDecryptionKeys.read(BackupTestKeys.writeSecret(keyDir.resolve("backup.sec.asc"), key), Optional.empty());
    }

    @Test
    void oneFlippedByteInTheMiddleFailsTheReadAtTheLatestAtTheEnd() throws IOException {
        byte[] encrypted = BackupTestKeys.encrypt(encryptionKey, BackupEncryptionRoundTripTest.randomBytes(1 << 20, 5));
        encrypted[encrypted.length / 2] ^= 0x01;
        try (InputStream in = decryptionKeys.decrypt(new ByteArrayInputStream(encrypted))) {
            assertThrows(DamagedEncryptedBackupException.class, in::readAllBytes);
            // Who reads on after the failure meets it again, never a clean end.
            assertThrows(DamagedEncryptedBackupException.class, in::read);
        }
    }

    /** What a restore must do: gzip's end is not the message's end, which alone holds the integrity check. */
    @Test
    void behindGzipTheIntegrityCheckComesWithTheReadToTheEnd() throws IOException {
        byte[] sqlText = "INSERT INTO cases VALUES (1);\n".repeat(10_000).getBytes();
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            out.write(sqlText);
        }
        byte[] encrypted = BackupTestKeys.encrypt(encryptionKey, gzip.toByteArray());
        encrypted[encrypted.length - 1] ^= 0x01;
        try (InputStream decrypted = decryptionKeys.decrypt(new ByteArrayInputStream(encrypted));
                InputStream sql = new GZIPInputStream(decrypted)) {
            assertArrayEquals(sqlText, sql.readAllBytes(), "gzip stops at its trailer, before the damaged integrity check");
            assertThrows(DamagedEncryptedBackupException.class, () -> decrypted.transferTo(OutputStream.nullOutputStream()));
        }
    }

    @Test
    void aFlippedByteAnywhereIsRefused() {
        byte[] encrypted = BackupTestKeys.encrypt(encryptionKey, BackupEncryptionRoundTripTest.randomBytes(200_000, 6));
        for (int position = 0; position < encrypted.length; position += 997) {
            byte[] tampered = encrypted.clone();
            tampered[position] ^= 0x40;
            assertRefusedOrHarmless(tampered, null, "flipped byte " + position);
        }
        byte[] lastByte = encrypted.clone();
        lastByte[lastByte.length - 1] ^= 0x01;
        assertThrows(DamagedEncryptedBackupException.class, () -> BackupTestKeys.decrypt(decryptionKeys, lastByte));
    }

    /** The packets before the data are where a flip meets the parsers rather than the integrity check. */
    @Test
    void everyFlippedBitOfTheFirstPacketsIsRefusedOrHarmless() {
        byte[] plaintext = BackupEncryptionRoundTripTest.randomBytes(300, 14);
        byte[] encrypted = BackupTestKeys.encrypt(encryptionKey, plaintext);
        for (int position = 0; position < 160; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = encrypted.clone();
                tampered[position] ^= (byte) (1 << bit);
                assertRefusedOrHarmless(tampered, plaintext, "flipped bit " + bit + " of byte " + position);
            }
        }
    }

    @Test
    void aBackupCutOffAtAnyLengthFails() {
        byte[] encrypted = BackupTestKeys.encrypt(encryptionKey, BackupEncryptionRoundTripTest.randomBytes(2_000, 7));
        for (int length = 0; length < encrypted.length; length++) {
            byte[] cut = Arrays.copyOf(encrypted, length);
            assertThrows(DamagedEncryptedBackupException.class, () -> BackupTestKeys.decrypt(decryptionKeys, cut), "cut to " + length);
        }
    }

    @Test
    void aLongBackupCutOffFails() {
        // Several partial packets of 64 KiB, so that cuts fall near their boundaries too.
        byte[] encrypted = BackupTestKeys.encrypt(encryptionKey, BackupEncryptionRoundTripTest.randomBytes(300_000, 8));
        for (int length = 1; length < encrypted.length; length += length < 1_000 || encrypted.length - length < 100 ? 1 : 4_093) {
            byte[] cut = Arrays.copyOf(encrypted, length);
            assertThrows(DamagedEncryptedBackupException.class, () -> BackupTestKeys.decrypt(decryptionKeys, cut), "cut to " + length);
        }
    }

    @Test
    void theWrongPrivateKeyNamesTheKeyTheBackupIsEncryptedTo() throws Exception {
        OpenPGPKey other = BackupTestKeys.generate("Other key <other@example.org>");
        BackupDecryptionKeys otherKeys = BackupDecryptionKeys.read(BackupTestKeys.writeSecret(keyDir.resolve("other.sec.asc"), other), Optional.empty());
        byte[] encrypted = BackupTestKeys.encrypt(encryptionKey, new byte[] {1, 2, 3});
        boolean[] closed = {false};
        InputStream source = new ByteArrayInputStream(encrypted) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        BackupKeyException refused = assertThrows(BackupKeyException.class, () -> otherKeys.decrypt(source));
        assertEquals("the backup is encrypted to key " + encryptionKey.keyId() + " which BACKUP_ENCRYPTION_PRIVATE_KEY_FILE does not hold (it holds "
                + otherKeys.keyIds().iterator().next() + ")", refused.getMessage());
        assertTrue(closed[0], "a failed decrypt closes the stream it was given");
    }

    @Test
    void aBackupWithoutIntegrityProtectionIsRefused() {
        byte[] encrypted = BackupTestKeys.encryptWith(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(false),
                recipient(), new byte[] {1, 2, 3});
        DamagedEncryptedBackupException refused = assertThrows(DamagedEncryptedBackupException.class, () -> BackupTestKeys.decrypt(decryptionKeys, encrypted));
        assertTrue(refused.getMessage().contains("no integrity protection"), refused.getMessage());
    }

    @Test
    void aBackupEncryptedToAPassphraseOnlyIsRefused() {
        byte[] encrypted = BackupTestKeys.encryptWith(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true),
                new BcPBEKeyEncryptionMethodGenerator("secret".toCharArray()), new byte[] {1, 2, 3});
        BackupKeyException refused = assertThrows(BackupKeyException.class, () -> BackupTestKeys.decrypt(decryptionKeys, encrypted));
        assertTrue(refused.getMessage().contains("gpg --symmetric"), refused.getMessage());
    }

    /** gpg 2.4 writes OCB (LibrePGP v5 AEAD) for keys that announce it. */
    @Test
    void anAeadBackupDecryptsAndItsDamageIsCaught() throws IOException {
        byte[] plaintext = BackupEncryptionRoundTripTest.randomBytes(300_000, 9);
        byte[] encrypted = BackupTestKeys.encryptWith(
                new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithAEAD(AEADAlgorithmTags.OCB, 10).setUseV5AEAD(), recipient(), plaintext);
        assertArrayEquals(plaintext, BackupTestKeys.decrypt(decryptionKeys, encrypted));
        byte[] flipped = encrypted.clone();
        flipped[flipped.length / 2] ^= 0x01;
        assertThrows(DamagedEncryptedBackupException.class, () -> BackupTestKeys.decrypt(decryptionKeys, flipped));
        for (int cut : new int[] {1, 16, 17, 1_000}) {
            byte[] cutOff = Arrays.copyOf(encrypted, encrypted.length - cut);
            assertThrows(DamagedEncryptedBackupException.class, () -> BackupTestKeys.decrypt(decryptionKeys, cutOff), "cut by " + cut);
        }
    }

    @Test
    void whatIsNoEncryptedMessageIsDamaged() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            out.write("-- a clear backup\n".getBytes());
        }
        for (byte[] notEncrypted : new byte[][] {new byte[0], gzip.toByteArray(), "hello".getBytes()}) {
            assertThrows(DamagedEncryptedBackupException.class, () -> BackupTestKeys.decrypt(decryptionKeys, notEncrypted));
            assertThrows(DamagedEncryptedBackupException.class, () -> EncryptedBackupPackets.recipientKeyIds(new ByteArrayInputStream(notEncrypted)));
        }
    }

    @Test
    void aFailingSourceIsReportedAsItselfNotAsDamage() {
        byte[] encrypted = BackupTestKeys.encrypt(encryptionKey, BackupEncryptionRoundTripTest.randomBytes(300_000, 10));
        for (int failAt : new int[] {10, 150_000}) {
            IOException reset = new IOException("Connection reset");
            InputStream failing = new InputStream() {
                private int position;

                @Override
                public int read() throws IOException {
                    if (position == failAt) {
                        throw reset;
                    }
                    return encrypted[position++] & 0xFF;
                }
            };
            IOException reported = assertThrows(IOException.class, () -> decryptionKeys.decrypt(failing).readAllBytes());
            assertSame(reset, reported, "failing at " + failAt);
        }
    }

    /**
     * Refused as damage, or as a backup for another key (a flip in the recipient's key id); or, for a flip in what
     * no check covers (the bit length of the ephemeral point, say), exactly the plaintext: never altered data.
     */
    private static void assertRefusedOrHarmless(byte[] tampered, byte[] plaintext, String what) {
        try {
            byte[] decrypted = BackupTestKeys.decrypt(decryptionKeys, tampered);
            if (plaintext == null || !Arrays.equals(plaintext, decrypted)) {
                fail(what + " went unnoticed");
            }
        } catch (DamagedEncryptedBackupException | BackupKeyException expected) {
            // refused, as it must be
        } catch (IOException | RuntimeException e) {
            fail(what + " surfaced as " + e);
        }
    }

    private static BcPublicKeyKeyEncryptionMethodGenerator recipient() {
        return new BcPublicKeyKeyEncryptionMethodGenerator(key.getEncryptionKeys().get(0).getPGPPublicKey());
    }
}
