package academy.datadetective.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** A key or passphrase file named by a setting; every problem with it becomes one {@link BackupKeyException} line. */
record BackupKeyFile(String setting, Path path) {

    static final String PUBLIC_KEY = "BACKUP_ENCRYPTION_PUBLIC_KEY_FILE";
    static final String PRIVATE_KEY = "BACKUP_ENCRYPTION_PRIVATE_KEY_FILE";
    static final String PASSPHRASE = "BACKUP_ENCRYPTION_PRIVATE_KEY_PASSPHRASE_FILE";

    /** Far above any real key; a setting that names a backup or a log instead must not fill the heap at startup. */
    private static final long MAX_SIZE = 1 << 20;

    /**
     * The file's bytes once its armor says it holds {@code blockType} ({@code PUBLIC KEY} or {@code PRIVATE KEY});
     * {@code exportHint} tells the operator how to get the right one.
     */
    byte[] readArmored(String blockType, String exportHint) {
        byte[] content = read();
        // Armor is ASCII; Latin-1 maps any byte to one char, so a binary file is looked at rather than rejected by a decoder.
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN PGP " + blockType + " BLOCK-----")) {
            return content;
        }
        String other = blockType.equals("PUBLIC KEY") ? "PRIVATE KEY" : "PUBLIC KEY";
        if (text.contains("-----BEGIN PGP " + other + " BLOCK-----")) {
            throw problem("holds a " + other.toLowerCase() + " where a " + blockType.toLowerCase() + " belongs (" + exportHint + ")");
        }
        throw problem("is not an armored OpenPGP key: no -----BEGIN PGP " + blockType + " BLOCK----- line (" + exportHint + ")");
    }

    /** The passphrase: the file's UTF-8 content minus one trailing line break, as {@code echo pass > file} leaves it. */
    char[] readPassphrase() {
        byte[] content = read();
        int length = content.length;
        if (length > 0 && content[length - 1] == '\n') {
            length--;
            if (length > 0 && content[length - 1] == '\r') {
                length--;
            }
        }
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(content, 0, length));
        char[] passphrase = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
        // The copies die with this method; wiping them keeps the passphrase out of later heap dumps.
        Arrays.fill(decoded.array(), '\0');
        Arrays.fill(content, (byte) 0);
        return passphrase;
    }

    BackupKeyException problem(String what) {
        return new BackupKeyException(this + ": " + what);
    }

    BackupKeyException problem(String what, Throwable cause) {
        return new BackupKeyException(this + ": " + what, cause);
    }

    private byte[] read() {
        try {
            long size = Files.size(path);
            if (size > MAX_SIZE) {
                throw problem("is " + size + " bytes, too large for a key file");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw problem("no such file");
        } catch (AccessDeniedException e) {
            throw problem("not readable by this process (permission denied)");
        } catch (IOException e) {
            throw problem("cannot be read (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return setting + "=" + path;
    }
}
