package academy.datadetective.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which backups of one destination rotation keeps, and why (issue 20). Pure: the caller lists the destination and
 * passes the clock, so that {@code backup prune --dry-run}, the API and the rotation after a backup all see the
 * same decisions for the same listing.
 *
 * <p>Uploads are rotated apart from the service's own backups, by the same rules applied to the uploads alone, so
 * that an upload never pushes one of the service's own backups out. Within each group a backup is kept when any
 * of these holds:
 * <ul>
 * <li>it is pinned or a safety backup: an operator or a restore asked for it, so it also takes no slot of
 * {@code keep} or of a tier, and the tiers still hold as many regular backups as configured;</li>
 * <li>its offsite copy is missing: deleting it would lose the only copy. Unlike a pin it does take its slots,
 * since it is a regular backup waiting for its upload;</li>
 * <li>its name is later than now: the clock of whoever took it was ahead, so its time cannot be trusted to rank
 * it, and it takes no slot either;</li>
 * <li>it is the latest of the others: whatever the settings, rotation never leaves a group without its newest
 * backup, even with {@code keep} 0 and every tier 0;</li>
 * <li>it is among the newest {@code keep};</li>
 * <li>it is the newest of its UTC day among the newest {@code keepDaily} days that have a backup, likewise of its
 * ISO week ({@code keepWeekly}) and its month ({@code keepMonthly}); each tier counts over all the group's
 * regular backups, as restic's {@code --keep-daily} does, not over what {@code keep} left;</li>
 * <li>it is younger than {@code minAge}.</li>
 * </ul>
 * Times are those in the names, in UTC, ties ordered by sequence and then by name; file times never count.
 */
record BackupRetention(int keep, int keepDaily, int keepWeekly, int keepMonthly, Duration minAge) {

    static final String PINNED = "pinned";
    static final String SAFETY = "safety backup";
    static final String OFFSITE_COPY_MISSING = "offsite copy missing";
    static final String NEWER_THAN_NOW = "newer than now";
    static final String LATEST = "latest backup";
    static final String BEYOND_EVERY_TIER = "beyond every tier";

    /** The name breaks ties that time and sequence leave, so the order never depends on the listing's. */
    private static final Comparator<BackupName> NEWEST_FIRST = BackupName.CHRONOLOGICAL
            .thenComparing(BackupName::value).reversed();

    BackupRetention {
        requireNotNegative("keep", keep);
        requireNotNegative("keep-daily", keepDaily);
        requireNotNegative("keep-weekly", keepWeekly);
        requireNotNegative("keep-monthly", keepMonthly);
        if (minAge == null || minAge.isNegative()) {
            throw new IllegalArgumentException("min-age must not be negative, was " + minAge);
        }
    }

    static BackupRetention of(BackupConfig config) {
        return new BackupRetention(config.keep(), config.keepDaily(), config.keepWeekly(), config.keepMonthly(), config.minAge());
    }

    /** One decision per backup, newest first. */
    List<RetentionDecision> decide(List<RetentionCandidate> backups, Instant now) {
        Map<Boolean, List<RetentionCandidate>> byUpload = backups.stream()
                .collect(Collectors.partitioningBy(backup -> backup.has(BackupMarker.UPLOADED)));
        List<RetentionDecision> decisions = new ArrayList<>();
        byUpload.values().forEach(group -> decisions.addAll(decideGroup(group, now)));
        decisions.sort(Comparator.comparing(RetentionDecision::name, NEWEST_FIRST));
        return List.copyOf(decisions);
    }

    private List<RetentionDecision> decideGroup(List<RetentionCandidate> group, Instant now) {
        List<RetentionCandidate> newestFirst = group.stream()
                .sorted(Comparator.comparing(RetentionCandidate::name, NEWEST_FIRST)).toList();
        // Identity, not equality: two equal candidates in one listing still get a decision each.
        Map<RetentionCandidate, List<String>> reasons = new IdentityHashMap<>();
        newestFirst.forEach(backup -> reasons.put(backup, protections(backup, now)));
        List<RetentionCandidate> ranked = newestFirst.stream()
                .filter(backup -> !backup.has(BackupMarker.PINNED) && !backup.has(BackupMarker.SAFETY))
                .filter(backup -> !backup.name().takenAt().isAfter(now))
                .toList();
        if (!ranked.isEmpty()) {
            reasons.get(ranked.get(0)).add(LATEST);
        }
        ranked.stream().limit(keep).forEach(backup -> reasons.get(backup).add("newest " + keep));
        keepNewestPerPeriod(ranked, keepDaily, "daily", LocalDate::toString, reasons);
        keepNewestPerPeriod(ranked, keepWeekly, "weekly", BackupRetention::isoWeek, reasons);
        keepNewestPerPeriod(ranked, keepMonthly, "monthly", BackupRetention::month, reasons);
        Instant youngAfter = now.minus(minAge);
        ranked.stream().filter(backup -> backup.name().takenAt().isAfter(youngAfter))
                .forEach(backup -> reasons.get(backup).add("younger than " + spelledOut(minAge)));
        return newestFirst.stream().map(backup -> decision(backup.name(), reasons.get(backup))).toList();
    }

    private static List<String> protections(RetentionCandidate backup, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (backup.has(BackupMarker.PINNED)) {
            reasons.add(PINNED);
        }
        if (backup.has(BackupMarker.SAFETY)) {
            reasons.add(SAFETY);
        }
        if (backup.offsiteCopyMissing()) {
            reasons.add(OFFSITE_COPY_MISSING);
        }
        if (backup.name().takenAt().isAfter(now)) {
            reasons.add(NEWER_THAN_NOW);
        }
        return reasons;
    }

    /** {@code ranked} is newest first, so the first backup met in a period is its newest, and periods come newest first. */
    private static void keepNewestPerPeriod(List<RetentionCandidate> ranked, int periods, String tier,
            Function<LocalDate, String> period, Map<RetentionCandidate, List<String>> reasons) {
        Set<String> seen = new HashSet<>();
        for (RetentionCandidate backup : ranked) {
            String key = period.apply(LocalDate.ofInstant(backup.name().takenAt(), ZoneOffset.UTC));
            if (seen.add(key)) {
                if (seen.size() > periods) {
                    return;
                }
                reasons.get(backup).add(tier + " " + key);
            }
        }
    }

    private static RetentionDecision decision(BackupName name, List<String> reasons) {
        return reasons.isEmpty() ? new RetentionDecision(name, false, List.of(BEYOND_EVERY_TIER))
                : new RetentionDecision(name, true, reasons);
    }

    private static String isoWeek(LocalDate date) {
        return String.format(Locale.ROOT, "%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static String month(LocalDate date) {
        return YearMonth.from(date).toString();
    }

    /**
     * In the largest units that divide it, as operators write a minimum age: P30D is "30 days", PT12H "12 hours".
     * A Duration keeps no trace of how it was written, so P1DT6H reads "1 day 6 hours".
     */
    static String spelledOut(Duration duration) {
        List<String> parts = new ArrayList<>();
        addPart(parts, duration.toDaysPart(), "day");
        addPart(parts, duration.toHoursPart(), "hour");
        addPart(parts, duration.toMinutesPart(), "minute");
        addPart(parts, duration.toSecondsPart(), "second");
        // Names carry whole seconds, so only a sub-second minimum age is left without a unit here.
        return parts.isEmpty() ? duration.toString() : String.join(" ", parts);
    }

    private static void addPart(List<String> parts, long amount, String unit) {
        if (amount != 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }

    private static void requireNotNegative(String setting, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(setting + " must not be negative, was " + value);
        }
    }
}
