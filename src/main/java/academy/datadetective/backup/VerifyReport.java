package academy.datadetective.backup;

import java.util.Map;
import java.util.Optional;

/**
 * One copy of a backup read from its first byte to its last ({@code backup verify}): whether its bytes match the
 * SHA-256 kept beside them, and the rows of each COPY block against the header's count.
 *
 * @param problem why the copy does not verify; empty when it does
 */
public record VerifyReport(String name, String destination, String location, boolean verified, Map<String, Long> rows,
        long durationMillis, Optional<String> problem) {
}
