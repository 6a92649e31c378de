package academy.datadetective.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPImplementation;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * The public key backups are encrypted to (BACKUP_ENCRYPTION_PUBLIC_KEY_FILE): the encryption key of one OpenPGP
 * certificate, its newest valid subkey before the primary key. What {@link #encrypt} writes is what
 * {@code gpg --decrypt} (2.2 and later) reads: AES-256 in a v1 integrity-protected packet (MDC; gpg 2.2 reads no
 * AEAD), one binary literal packet and no OpenPGP compression, the payload being gzip already. Immutable: one
 * instance serves every backup, concurrent ones too.
 */
final class BackupEncryptionKey {

    /** Partial packets of this size keep the memory of a stream flat, however long the backup. */
    private static final int PACKET_BUFFER = 1 << 16;

    private final PGPPublicKey publicKey;
    private final String keyId;
    private final Optional<Instant> expiresAt;

    private BackupEncryptionKey(PGPPublicKey publicKey, Optional<Instant> expiresAt) {
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey.getKeyID());
        this.expiresAt = expiresAt;
    }

    /**
     * @throws BackupKeyException when the file is missing or unreadable, is no armored public key, holds more or less
     *     than one certificate, or has no valid (unexpired, unrevoked) v4 encryption key
     */
    static BackupEncryptionKey read(Path path) {
        BackupKeyFile file = new BackupKeyFile(BackupKeyFile.PUBLIC_KEY, path);
        byte[] armored = file.readArmored("PUBLIC KEY", "gpg --armor --export KEY-ID");
        List<OpenPGPCertificate> certificates;
        try {
            certificates = new OpenPGPKeyReader(new BcOpenPGPImplementation()).parseCertificates(armored);
        } catch (IOException e) {
            throw file.problem("is not a readable OpenPGP public key (" + e.getMessage() + ")", e);
        }
        if (certificates.size() != 1) {
            throw file.problem("holds " + certificates.size() + " keys; backups are encrypted to exactly one");
        }
        OpenPGPCertificate certificate = certificates.get(0);
        Date now = new Date();
        OpenPGPComponentKey chosen = certificate.getEncryptionKeys(now).stream()
                .max(Comparator.comparing((OpenPGPComponentKey key) -> !key.isPrimaryKey()).thenComparing(OpenPGPComponentKey::getCreationTime))
                .orElseThrow(() -> file.problem(whyNoEncryptionKey(certificate, now)));
        if (chosen.getVersion() != 4) {
            throw file.problem("its encryption key " + keyId(chosen) + " is an OpenPGP v" + chosen.getVersion()
                    + " key, which gpg 2.2 and 2.4 cannot decrypt; use a v4 key (what gpg generates)");
        }
        BackupEncryptionKey key = new BackupEncryptionKey(chosen.getPGPPublicKey(), earliest(certificate.getExpirationTime(now), chosen.getKeyExpirationDateAt(now)));
        key.checkItEncrypts(file);
        return key;
    }

    /** The long key id of the encryption key, 16 upper-case hex digits as {@code gpg --list-keys --keyid-format long} shows. */
    String keyId() {
        return keyId;
    }

    /** When the key stops being valid, if ever: from then on {@link #read} refuses it, so a restart would fail. */
    Optional<Instant> expiresAt() {
        return expiresAt;
    }

    /**
     * A stream whose bytes reach {@code out} as one OpenPGP message, packet by packet as they are written. Its
     * close() writes the last packets (the integrity check among them) and does not close {@code out}, which stays
     * the caller's.
     */
    OutputStream encrypt(OutputStream out) throws IOException {
        // The JDK's AES (AES-NI) encrypts several times faster than Bouncy Castle's own and needs no provider registered.
        PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true));
        encryption.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(publicKey));
        OutputStream encrypted;
        try {
            encrypted = encryption.open(out, new byte[PACKET_BUFFER]);
        } catch (PGPException e) {
            throw new IOException("OpenPGP encryption to key " + keyId + " failed: " + e.getMessage(), e);
        }
        PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
        // No file name and no time: the backup's name carries both, and gpg --decrypt writes to stdout anyway.
        OutputStream plain = literal.open(encrypted, PGPLiteralData.BINARY, "", PGPLiteralData.NOW, new byte[PACKET_BUFFER]);
        return new MessageOutputStream(plain, literal, encryption);
    }

    static String keyId(long keyId) {
        return String.format("%016X", keyId);
    }

    private static String keyId(OpenPGPComponentKey key) {
        return keyId(key.getPGPPublicKey().getKeyID());
    }

    /** A trial at startup, so that a key Bouncy Castle cannot encrypt to fails there rather than at the first backup. */
    private void checkItEncrypts(BackupKeyFile file) {
        try (OutputStream trial = encrypt(OutputStream.nullOutputStream())) {
            trial.write(0);
        } catch (IOException e) {
            throw file.problem("cannot encrypt to its key " + keyId + " (" + e.getMessage() + ")", e);
        }
    }

    private static String whyNoEncryptionKey(OpenPGPCertificate certificate, Date now) {
        String primary = keyId(certificate.getPrimaryKey());
        if (certificate.getRevocation(now) != null) {
            return "the key " + primary + " is revoked";
        }
        Date expired = certificate.getExpirationTime(now);
        if (expired != null && !expired.after(now)) {
            return "the key " + primary + " expired on " + expired.toInstant();
        }
        for (OpenPGPComponentKey key : certificate.getKeys()) {
            if (key.getPGPPublicKey().isEncryptionKey() && key.hasKeyFlags(now, KeyFlags.ENCRYPT_COMMS, KeyFlags.ENCRYPT_STORAGE)) {
                if (key.getRevocation(now) != null) {
                    return "its encryption key " + keyId(key) + " is revoked";
                }
                Date keyExpired = key.getKeyExpirationDateAt(now);
                if (keyExpired != null && !keyExpired.after(now)) {
                    return "its encryption key " + keyId(key) + " expired on " + keyExpired.toInstant();
                }
            }
        }
        return "the key " + primary + " has no valid encryption key (add one: gpg --quick-add-key FINGERPRINT cv25519 encr)";
    }

    private static Optional<Instant> earliest(Date... dates) {
        return Stream.of(dates).filter(Objects::nonNull).map(Date::toInstant).min(Comparator.naturalOrder());
    }

    /** Literal packet inside the encrypted packet; closing finishes both, innermost first, and leaves the target open. */
    private static final class MessageOutputStream extends OutputStream {

        private final OutputStream plain;
        private final PGPLiteralDataGenerator literal;
        private final PGPEncryptedDataGenerator encryption;
        private boolean closed;

        MessageOutputStream(OutputStream plain, PGPLiteralDataGenerator literal, PGPEncryptedDataGenerator encryption) {
            this.plain = plain;
            this.literal = literal;
            this.encryption = encryption;
        }

        @Override
        public void write(int b) throws IOException {
            plain.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            plain.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            plain.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                literal.close();
                encryption.close();
            }
        }
    }
}
