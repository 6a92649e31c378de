package academy.datadetective.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One backup as listed: its name, size and header facts, the checksum kept beside it, where its copies are, the
 * OpenPGP key it is encrypted to, and its markers: an upload (rotated apart from the service's own, and no
 * evidence that the service backs itself up), a safety backup and a pinned one (never deleted by rotation).
 */
public record BackupInfo(String name, long size, Instant createdAt, String schemaVersion, Map<String, Long> rows,
        Optional<String> sha256, boolean uploaded, boolean safety, boolean pinned, Optional<String> encryptionKeyId,
        List<Copy> copies) {

    /** Where one copy lives: a destination's kind ({@code directory}, {@code s3}) and its location. */
    public record Copy(String destination, String location) {
    }
}
