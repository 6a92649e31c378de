package academy.datadetective.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/** The packets of an encrypted backup around its data: those before the encrypted part, and those inside it. */
final class EncryptedBackupPackets {

    private EncryptedBackupPackets() {
    }

    /**
     * The key ids (as {@link BackupEncryptionKey#keyId()} writes them) a backup is encrypted to, read from its first
     * packets without a key and without reading on; a recipient hidden with {@code gpg --hidden-recipient} shows as
     * {@code 0000000000000000}. Leaves {@code encrypted} open.
     *
     * @throws DamagedEncryptedBackupException when the stream does not start as an encrypted OpenPGP message
     */
    static List<String> recipientKeyIds(InputStream encrypted) throws IOException {
        List<String> keyIds = new ArrayList<>();
        for (PGPEncryptedData data : encryptedDataList(new CiphertextSource(encrypted))) {
            if (data instanceof PGPPublicKeyEncryptedData recipient) {
                keyIds.add(BackupEncryptionKey.keyId(recipient.getKeyID()));
            }
        }
        return keyIds;
    }

    /** The session key packets up to the start of the encrypted data, which is left unread. */
    static PGPEncryptedDataList encryptedDataList(CiphertextSource source) throws IOException {
        Object packet;
        try {
            PGPObjectFactory factory = new BcPGPObjectFactory(source);
            do {
                packet = factory.nextObject();
            } while (packet instanceof PGPMarker);
        } catch (IOException e) {
            throw source.classify(e, "it does not start as an OpenPGP encrypted message");
        } catch (RuntimeException e) {
            throw DamagedEncryptedBackupException.malformed(e);
        }
        if (packet instanceof PGPEncryptedDataList list) {
            return list;
        }
        throw new DamagedEncryptedBackupException(packet == null ? "it is empty" : "it is not an encrypted OpenPGP message");
    }

    /**
     * The literal data inside the decrypted packets, through the compression gpg adds by default and past the
     * signature packets of {@code gpg --sign --encrypt}, which nothing here checks.
     */
    static InputStream literalData(InputStream decrypted) throws IOException, PGPException {
        PGPObjectFactory factory = new BcPGPObjectFactory(decrypted);
        for (Object packet = factory.nextObject(); packet != null; packet = factory.nextObject()) {
            if (packet instanceof PGPLiteralData literal) {
                return literal.getDataStream();
            }
            if (packet instanceof PGPCompressedData compressed) {
                factory = new BcPGPObjectFactory(compressed.getDataStream());
            } else if (!(packet instanceof PGPOnePassSignatureList || packet instanceof PGPSignatureList)) {
                throw new DamagedEncryptedBackupException("it holds a " + packet.getClass().getSimpleName() + " where its data belongs");
            }
        }
        throw new DamagedEncryptedBackupException("it holds no data packet");
    }
}
