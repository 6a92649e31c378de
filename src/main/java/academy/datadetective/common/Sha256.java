package academy.datadetective.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lower-case hex, as {@code sha256sum} prints it: of a backup's stored bytes, or of a token. */
public final class Sha256 {

    /**
     * Never updated, only copied: a copy costs a fraction of {@code MessageDigest.getInstance}'s provider lookup,
     * which every request with a token paid (issue 21's profile).
     */
    private static final MessageDigest UNUSED = digest();

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) UNUSED.clone();
        } catch (CloneNotSupportedException e) {
            return digest();
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What the digest has seen; it starts over. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Of the text's UTF-8 bytes. */
    public static String hex(String text) {
        MessageDigest digest = newDigest();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return hex(digest);
    }
}
