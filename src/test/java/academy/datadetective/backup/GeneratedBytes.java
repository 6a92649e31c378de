package academy.datadetective.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import academy.datadetective.common.Sha256;

/** Backups of any size from a generator, 64 KiB at a time, so that no test holds a whole one. */
final class GeneratedBytes {

    private static final int CHUNK = 64 * 1024;

    private GeneratedBytes() {
    }

    /** @return the SHA-256 of what was written, in hex */
    static String write(OutputStream out, long size) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        Random random = new Random(size);
        byte[] chunk = new byte[CHUNK];
        for (long left = size; left > 0; left -= chunk.length) {
            random.nextBytes(chunk);
            int n = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            digest.update(chunk, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(content));
    }

    static String sha256(InputStream stream) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (stream) {
            byte[] chunk = new byte[CHUNK];
            for (int n = stream.read(chunk); n >= 0; n = stream.read(chunk)) {
                digest.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
