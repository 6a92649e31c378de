package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;

import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupEncryptionRoundTripTest {

    @TempDir
    static Path keyDir;

    static OpenPGPKey oldKey;
    static OpenPGPKey newKey;
    static BackupEncryptionKey oldEncryptionKey;
    static BackupEncryptionKey newEncryptionKey;
    static BackupDecryptionKeys newDecryptionKey;

    @BeforeAll
    static void generateKeys() throws Exception {
        oldKey = BackupTestKeys.generate("Old backup key <old@example.org>");
        newKey = BackupTestKeys.generate("New backup key <new@example.org>");
        oldEncryptionKey = BackupEncryptionKey.read(BackupTestKeys.writePublic(oldKey, keyDir.resolve("old.pub.asc")));
        newEncryptionKey = BackupEncryptionKey.read(BackupTestKeys.writePublic(newKey, keyDir.resolve("new.pub.asc")));
        newDecryptionKey = BackupDecryptionKeys.read(BackupTestKeys.writeSecret(keyDir.resolve("new.sec.asc"), newKey), Optional.empty());
    }

    @Test
    void aFewMebibytesComeBackAsTheyWent() throws IOException {
        byte[] plaintext = randomBytes(3 * (1 << 20) + 17, 1);
        byte[] encrypted = BackupTestKeys.encrypt(newEncryptionKey, plaintext);
        assertArrayEquals(plaintext, BackupTestKeys.decrypt(newDecryptionKey, encrypted));
        assertEquals(List.of(newEncryptionKey.keyId()), EncryptedBackupPackets.recipientKeyIds(new ByteArrayInputStream(encrypted)));
    }

    @Test
    void anEmptyBackupComesBackEmpty() throws IOException {
        byte[] encrypted = BackupTestKeys.encrypt(newEncryptionKey, new byte[0]);
        assertArrayEquals(new byte[0], BackupTestKeys.decrypt(newDecryptionKey, encrypted));
    }

    @Test
    void theKeyIdIsTheLongIdOfTheEncryptionSubkey() {
        String subkey = BackupEncryptionKey.keyId(newKey.getEncryptionKeys().get(0).getPGPPublicKey().getKeyID());
        assertEquals(subkey, newEncryptionKey.keyId());
        assertTrue(subkey.matches("[0-9A-F]{16}"), subkey);
        assertNotEquals(BackupEncryptionKey.keyId(newKey.getPrimaryKey().getPGPPublicKey().getKeyID()), subkey);
        assertEquals(Set.of(subkey), newDecryptionKey.keyIds());
        assertEquals(Optional.empty(), newEncryptionKey.expiresAt());
    }

    @Test
    void closingTheEncryptionLeavesTheTargetOpenAndClosingTheDecryptionClosesTheSource() throws IOException {
        boolean[] closed = new boolean[2];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream target = new FilterOutputStream(bytes) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (OutputStream out = newEncryptionKey.encrypt(target)) {
            out.write(42);
        }
        assertFalse(closed[0], "the caller owns the target");
        InputStream source = new FilterInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            public void close() {
                closed[1] = true;
            }
        };
        try (InputStream in = newDecryptionKey.decrypt(source)) {
            assertEquals(42, in.read());
            assertEquals(-1, in.read());
        }
        assertTrue(closed[1]);
    }

    @Test
    void aFileWithTheOldAndTheNewKeyRestoresOldAndNewBackups() throws IOException {
        Path both = BackupTestKeys.writeSecret(keyDir.resolve("old-and-new.sec.asc"), oldKey, newKey);
        BackupDecryptionKeys keys = BackupDecryptionKeys.read(both, Optional.empty());
        assertEquals(Set.of(oldEncryptionKey.keyId(), newEncryptionKey.keyId()), keys.keyIds());
        byte[] oldBackup = randomBytes(10_000, 2);
        byte[] newBackup = randomBytes(20_000, 3);
        assertArrayEquals(oldBackup, BackupTestKeys.decrypt(keys, BackupTestKeys.encrypt(oldEncryptionKey, oldBackup)));
        assertArrayEquals(newBackup, BackupTestKeys.decrypt(keys, BackupTestKeys.encrypt(newEncryptionKey, newBackup)));
    }

    /** 64 MB from a generator to a file and back, checking that neither direction holds the stream in memory. */
    @Test
    void twoHundredMegabytesStreamThroughAFile(@TempDir Path dir) throws IOException {
        long size = 64_000_000L;
        byte[] block = randomBytes(1 << 20, 4);
        CRC32C written = new CRC32C();
        Path file = dir.resolve("backup_20260101_000000.sql.gz.gpg");
        long encryptStart = System.nanoTime();
        long ciphertextBeforeClose;
        try (CountingOutputStream fileOut = new CountingOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            OutputStream out = newEncryptionKey.encrypt(fileOut);
            for (long left = size; left > 0; left -= block.length) {
                int length = (int) Math.min(left, block.length);
                out.write(block, 0, length);
                written.update(block, 0, length);
                block[0]++;
            }
            ciphertextBeforeClose = fileOut.count;
            out.close();
        }
        long encryptNanos = System.nanoTime() - encryptStart;
        assertTrue(ciphertextBeforeClose > size - (1 << 20), "the ciphertext reaches the file while it is written: " + ciphertextBeforeClose);

        CRC32C read = new CRC32C();
        long total = 0;
        long ciphertextAtFirstMebibyte = -1;
        long decryptStart = System.nanoTime();
        try (CountingInputStream fileIn = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
                InputStream in = newDecryptionKey.decrypt(fileIn)) {
            byte[] buffer = new byte[1 << 16];
            for (int count; (count = in.read(buffer)) != -1; total += count) {
                read.update(buffer, 0, count);
                if (ciphertextAtFirstMebibyte < 0 && total >= 1 << 20) {
                    ciphertextAtFirstMebibyte = fileIn.count;
                }
            }
        }
        long decryptNanos = System.nanoTime() - decryptStart;
        assertEquals(size, total);
        assertEquals(written.getValue(), read.getValue());
        assertTrue(ciphertextAtFirstMebibyte < 4 << 20, "the plaintext comes out while the file is read: " + ciphertextAtFirstMebibyte);
        System.out.printf("OpenPGP 64 MB: encrypt %.0f MB/s, decrypt %.0f MB/s (file %d bytes)%n",
                size / 1e6 / (encryptNanos / 1e9), size / 1e6 / (decryptNanos / 1e9), Files.size(file));
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static final class CountingOutputStream extends FilterOutputStream {

        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }

    private static final class CountingInputStream extends FilterInputStream {

        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = in.read(bytes, offset, length);
            count += Math.max(n, 0);
            return n;
        }
    }
}
