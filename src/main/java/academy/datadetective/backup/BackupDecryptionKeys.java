package academy.datadetective.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.bcpg.AEADEncDataPacket;
import org.bouncycastle.bcpg.InputStreamPacket;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKey.OpenPGPSecretKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPImplementation;
import org.bouncycastle.openpgp.operator.SessionKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcSessionKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.jcajce.JceSessionKeyDataDecryptorFactoryBuilder;

/**
 * The secret keys that decrypt backups (BACKUP_ENCRYPTION_PRIVATE_KEY_FILE), there only where restores run. The file
 * may hold several keys, old ones kept after a rotation so that old backups restore; expired and revoked keys still
 * decrypt. Every key is unlocked when the file is read, with the one passphrase of
 * BACKUP_ENCRYPTION_PRIVATE_KEY_PASSPHRASE_FILE where a key has one, so that a wrong passphrase stops startup.
 * Immutable once read: one instance serves every restore, concurrent ones too.
 */
final class BackupDecryptionKeys {

    private final Map<String, PGPPrivateKey> privateKeys;

    private BackupDecryptionKeys(Map<String, PGPPrivateKey> privateKeys) {
        this.privateKeys = privateKeys;
    }

    /**
     * @throws BackupKeyException when a file is missing or unreadable, the key file is no armored secret key or holds
     *     no secret key that can decrypt, or a key needs a passphrase that is not given or does not unlock it
     */
    static BackupDecryptionKeys read(Path privateKeyFile, Optional<Path> passphraseFile) {
        BackupKeyFile file = new BackupKeyFile(BackupKeyFile.PRIVATE_KEY, privateKeyFile);
        byte[] armored = file.readArmored("PRIVATE KEY", "gpg --armor --export-secret-keys KEY-ID");
        List<OpenPGPKey> keys;
        try {
            keys = new OpenPGPKeyReader(new BcOpenPGPImplementation()).parseKeys(armored);
        } catch (IOException e) {
            throw file.problem("is not a readable OpenPGP secret key (" + e.getMessage() + ")", e);
        }
        Optional<BackupKeyFile> passphraseKeyFile = passphraseFile.map(path -> new BackupKeyFile(BackupKeyFile.PASSPHRASE, path));
        char[] passphrase = passphraseKeyFile.map(BackupKeyFile::readPassphrase).orElse(null);
        try {
            Map<String, PGPPrivateKey> privateKeys = new LinkedHashMap<>();
            for (OpenPGPKey key : keys) {
                for (OpenPGPSecretKey secretKey : key.getSecretKeys().values()) {
                    if (canDecrypt(secretKey)) {
                        privateKeys.put(keyId(secretKey), unlock(secretKey, passphrase, file, passphraseKeyFile));
                    }
                }
            }
            if (privateKeys.isEmpty()) {
                throw file.problem("holds no secret key that can decrypt (only signing keys, or stubs of keys kept elsewhere)");
            }
            return new BackupDecryptionKeys(privateKeys);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    /** The key ids of the decryption keys, in the file's order, as {@link BackupEncryptionKey#keyId()} writes them. */
    Set<String> keyIds() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(privateKeys.keySet()));
    }

    /**
     * The plaintext of an encrypted backup, decrypted as it is read; see {@link VerifiedPlaintextStream} for when the
     * integrity check happens. A GZIPInputStream on top stops at the gzip trailer without reading this stream to its
     * end, so before committing a restore read this stream itself until it returns -1, e.g. with
     * {@code transferTo(OutputStream.nullOutputStream())}. Closing it closes {@code encrypted}, as does a failure here.
     *
     * @throws BackupKeyException when the backup is encrypted to none of these keys (the message names its key)
     * @throws DamagedEncryptedBackupException when it is no intact encrypted OpenPGP message, here or while read
     * @throws IOException when {@code encrypted} itself fails
     */
    InputStream decrypt(InputStream encrypted) throws IOException {
        CiphertextSource source = new CiphertextSource(encrypted);
        try {
            return open(source);
        } catch (IOException | RuntimeException e) {
            try {
                source.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private InputStream open(CiphertextSource source) throws IOException {
        try {
            PGPEncryptedDataList list = EncryptedBackupPackets.encryptedDataList(source);
            InputStreamPacket encryptedData = list.getEncryptedData();
            if (!(encryptedData instanceof SymmetricEncIntegrityPacket || encryptedData instanceof AEADEncDataPacket)) {
                throw new DamagedEncryptedBackupException("it has no integrity protection (MDC), so a change to it could go unnoticed");
            }
            List<PGPPublicKeyEncryptedData> recipients = new ArrayList<>();
            for (PGPEncryptedData data : list) {
                if (data instanceof PGPPublicKeyEncryptedData recipient) {
                    recipients.add(recipient);
                }
            }
            Decryption decryption = sessionKey(recipients);
            PGPPublicKeyEncryptedData message = decryption.recipient();
            // The JDK's AES (AES-NI) decrypts several times faster than Bouncy Castle's own and needs no provider
            // registered; the JDK has no OCB, so AEAD (gpg 2.4) stays with Bouncy Castle.
            SessionKeyDataDecryptorFactory decryptor = message.isAEAD() ? new BcSessionKeyDataDecryptorFactory(decryption.sessionKey())
                    : new JceSessionKeyDataDecryptorFactoryBuilder().build(decryption.sessionKey());
            InputStream decrypted = message.getDataStream(decryptor);
            return new VerifiedPlaintextStream(EncryptedBackupPackets.literalData(decrypted), decrypted, message, source);
        } catch (PGPException e) {
            throw new DamagedEncryptedBackupException("it cannot be decrypted (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw source.classify(e, "it is cut off or its packets are broken");
        } catch (BackupKeyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DamagedEncryptedBackupException.malformed(e);
        }
    }

    private record Decryption(PGPPublicKeyEncryptedData recipient, PGPSessionKey sessionKey) {
    }

    private Decryption sessionKey(List<PGPPublicKeyEncryptedData> recipients) throws PGPException {
        if (recipients.isEmpty()) {
            throw new BackupKeyException("the backup is encrypted with a passphrase (gpg --symmetric), not to a key "
                    + BackupKeyFile.PRIVATE_KEY + " could hold");
        }
        List<String> recipientIds = new ArrayList<>();
        for (PGPPublicKeyEncryptedData recipient : recipients) {
            String keyId = BackupEncryptionKey.keyId(recipient.getKeyID());
            recipientIds.add(keyId);
            PGPPrivateKey privateKey = privateKeys.get(keyId);
            if (privateKey != null) {
                return new Decryption(recipient, recipient.getSessionKey(new BcPublicKeyDataDecryptorFactory(privateKey)));
            }
        }
        for (PGPPublicKeyEncryptedData recipient : recipients) {
            if (recipient.getKeyID() == 0) {
                for (PGPPrivateKey privateKey : privateKeys.values()) {
                    if (privateKey.getPublicKeyPacket().getAlgorithm() != recipient.getAlgorithm()) {
                        continue;
                    }
                    try {
                        return new Decryption(recipient, recipient.getSessionKey(new BcPublicKeyDataDecryptorFactory(privateKey)));
                    } catch (PGPException | RuntimeException notThisKey) {
                        // A hidden recipient is found only by trying each key; Bouncy Castle refuses a key of
                        // another curve with a runtime exception.
                    }
                }
            }
        }
        throw new BackupKeyException("the backup is encrypted to key " + String.join(", ", recipientIds) + " which "
                + BackupKeyFile.PRIVATE_KEY + " does not hold (it holds " + String.join(", ", privateKeys.keySet()) + ")");
    }

    private static boolean canDecrypt(OpenPGPSecretKey secretKey) {
        if (secretKey.getPGPSecretKey().isPrivateKeyEmpty() || !secretKey.getPGPPublicKey().isEncryptionKey()) {
            return false;
        }
        // No flags: a key from before they existed, which its algorithm alone makes an encryption key.
        return secretKey.getKeyFlags() == null || secretKey.hasKeyFlags(new Date(), KeyFlags.ENCRYPT_COMMS, KeyFlags.ENCRYPT_STORAGE);
    }

    private static PGPPrivateKey unlock(OpenPGPSecretKey secretKey, char[] passphrase, BackupKeyFile file, Optional<BackupKeyFile> passphraseFile) {
        String keyId = keyId(secretKey);
        if (secretKey.isLocked() && passphrase == null) {
            throw file.problem("its key " + keyId + " is protected by a passphrase; set " + BackupKeyFile.PASSPHRASE);
        }
        try {
            return secretKey.unlock(secretKey.isLocked() ? passphrase : null).getKeyPair().getPrivateKey();
        } catch (PGPException e) {
            if (secretKey.isLocked()) {
                throw passphraseFile.orElseThrow().problem("the passphrase does not unlock key " + keyId + " of " + file);
            }
            throw file.problem("its key " + keyId + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static String keyId(OpenPGPSecretKey secretKey) {
        return BackupEncryptionKey.keyId(secretKey.getPGPPublicKey().getKeyID());
    }
}
