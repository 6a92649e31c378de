package academy.datadetective.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names this service gives its backups, {@code backup_YYYYMMDD_HHMMSS.sql.gz} in UTC with {@code _N}
 * added when a second backup lands in the same second, and {@code .gpg} after it when the file is encrypted
 * (OpenPGP around the gzip stream). Only names of this shape are ever listed, rotated, read or deleted: a
 * request's name is checked against it before it comes near the file system or a bucket.
 */
public record BackupName(String value, Instant takenAt, int sequence, boolean encrypted) {

    private static final Pattern PATTERN = Pattern.compile("backup_(\\d{8}_\\d{6})(?:_(\\d{1,4}))?\\.sql\\.gz(\\.gpg)?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    /** Oldest first: by the time in the name, then the same-second sequence; never by file times. */
    public static final Comparator<BackupName> CHRONOLOGICAL = Comparator.comparing(BackupName::takenAt)
            .thenComparingInt(BackupName::sequence);

    public static Optional<BackupName> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher matcher = PATTERN.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            Instant takenAt = java.time.LocalDateTime.parse(matcher.group(1), DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                    .toInstant(ZoneOffset.UTC);
            return Optional.of(new BackupName(name, takenAt, matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2)),
                    matcher.group(3) != null));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The first free name for a backup taken at {@code now}: free in both forms, so that an encrypted and a
     * clear backup never share a time and sequence.
     */
    public static BackupName next(Instant now, boolean encrypted, Predicate<String> taken) {
        String stamp = STAMP.format(now);
        for (int sequence = 0; ; sequence++) {
            String clear = "backup_" + stamp + (sequence == 0 ? "" : "_" + sequence) + ".sql.gz";
            if (!taken.test(clear) && !taken.test(clear + ".gpg")) {
                return parse(encrypted ? clear + ".gpg" : clear).orElseThrow();
            }
        }
    }

    /** The checksum file beside the backup, in {@code sha256sum} format. */
    public String checksumFile() {
        return value + ".sha256";
    }

    /** The manifest beside the backup: its header's facts, readable without the key that decrypts it. */
    public String manifestFile() {
        return value + ".json";
    }

    @Override
    public String toString() {
        return value;
    }
}
