package academy.datadetective.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One backup as listed: its name, file and header facts, the checksum kept beside it, and whether it came in
 * by upload (rotated apart from the service's own, and no evidence that the service backs itself up).
 */
public record BackupInfo(String name, long size, Instant createdAt, String schemaVersion, Map<String, Long> rows,
        Optional<String> sha256, boolean uploaded) {
}
