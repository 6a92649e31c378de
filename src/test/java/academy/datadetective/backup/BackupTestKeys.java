package academy.datadetective.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyEditor;
import org.bouncycastle.openpgp.api.OpenPGPKeyGenerator;
import org.bouncycastle.openpgp.api.SignatureParameters;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.PGPKeyEncryptionMethodGenerator;

/**
 * Throw-away OpenPGP keys for tests, made fresh in each run and written only below a test's temporary directory:
 * v4 Ed25519 primary keys with an X25519 (ECDH, curve25519) encryption subkey, what gpg 2.2 reads and makes as
 * future-default, and quick to generate, unlike RSA.
 */
final class BackupTestKeys {

    static final BcOpenPGPApi API = new BcOpenPGPApi();

    private BackupTestKeys() {
    }

    static OpenPGPKey generate(String userId) throws PGPException {
        return withEncryptionSubkey(API.generateKey(4), userId).build();
    }

    /** Protected the way gpg protects secret keys (iterated and salted S2K, CFB), not with Bouncy Castle's slow Argon2 default. */
    static OpenPGPKey generate(String userId, char[] passphrase) throws PGPException {
        OpenPGPKey key = generate(userId);
        OpenPGPKeyEditor editor = API.editKey(key);
        for (KeyIdentifier keyId : key.getSecretKeys().keySet()) {
            editor.changePassphrase(keyId, (char[]) null, passphrase, false);
        }
        return editor.done();
    }

    /** A key made {@code daysAgo} days ago that was valid for one day from then. */
    static OpenPGPKey generateValidForOneDay(String userId, int daysAgo) throws PGPException {
        Date created = new Date(System.currentTimeMillis() - daysAgo * 86_400_000L);
        SignatureParameters.Callback validForADay = new SignatureParameters.Callback() {
            @Override
            public SignatureParameters apply(SignatureParameters parameters) {
                return parameters.setHashedSubpacketsFunction(subpackets -> {
                    subpackets.setKeyExpirationTime(86_400);
                    return subpackets;
                });
            }
        };
        return API.generateKey(4, created).withPrimaryKey(generator -> generator.generateLegacyEd25519KeyPair())
                .addUserId(userId, validForADay)
                .addEncryptionSubkey(generator -> generator.generateLegacyX25519KeyPair(), validForADay)
                .build();
    }

    private static OpenPGPKeyGenerator.WithPrimaryKey withEncryptionSubkey(OpenPGPKeyGenerator generator, String userId) throws PGPException {
        return generator.withPrimaryKey(keys -> keys.generateLegacyEd25519KeyPair())
                .addUserId(userId)
                .addEncryptionSubkey(keys -> keys.generateLegacyX25519KeyPair());
    }

    static Path writePublic(OpenPGPKey key, Path file) throws IOException {
        return Files.writeString(file, key.toCertificate().toAsciiArmoredString());
    }

    static Path writeSecret(Path file, OpenPGPKey... keys) throws IOException {
        StringBuilder armored = new StringBuilder();
        for (OpenPGPKey key : keys) {
            armored.append(key.toAsciiArmoredString());
        }
        return Files.writeString(file, armored);
    }

    static byte[] encrypt(BackupEncryptionKey key, byte[] plaintext) {
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (OutputStream out = key.encrypt(encrypted)) {
            out.write(plaintext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return encrypted.toByteArray();
    }

    /** A message as other tools may write it: the data packet as {@code builder} makes it, for {@code method}. */
    static byte[] encryptWith(PGPDataEncryptorBuilder builder, PGPKeyEncryptionMethodGenerator method, byte[] plaintext) {
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(builder);
        generator.addMethod(method);
        try (OutputStream out = generator.open(encrypted, new byte[1 << 16])) {
            PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
            try (OutputStream plain = literal.open(out, PGPLiteralData.BINARY, "", PGPLiteralData.NOW, new byte[1 << 16])) {
                plain.write(plaintext);
            }
        } catch (IOException | PGPException e) {
            throw new AssertionError(e);
        }
        return encrypted.toByteArray();
    }

    static byte[] decrypt(BackupDecryptionKeys keys, byte[] encrypted) throws IOException {
        try (InputStream in = keys.decrypt(new ByteArrayInputStream(encrypted))) {
            return in.readAllBytes();
        }
    }
}
