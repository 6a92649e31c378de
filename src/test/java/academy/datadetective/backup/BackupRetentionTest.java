package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class BackupRetentionTest {

    /** A Tuesday at noon, ten hours after that night's backup. */
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final BackupRetention DEFAULTS = new BackupRetention(10, 7, 5, 12, Duration.ofDays(30));

    @Test
    void theDefaultsOverFourHundredNightsKeepThirtyDaysAndTheTierPicksBeyondThem() {
        List<RetentionDecision> decisions = DEFAULTS.decide(nightly(400), NOW);

        assertEquals(400, decisions.size());
        Map<Boolean, List<RetentionDecision>> byAge = decisions.stream()
                .collect(Collectors.partitioningBy(decision -> decision.name().takenAt().isAfter(NOW.minus(Duration.ofDays(30)))));
        assertEquals(30, byAge.get(true).size());
        byAge.get(true).forEach(decision -> assertTrue(decision.keep() && decision.reasons().contains("younger than 30 days"), decision::toString));
        // Each tier counts over every backup, so the 7 days and the 5 weeks fall inside the 30 days: beyond them only months remain.
        assertEquals(7, countReasons(decisions, "daily "));
        assertEquals(5, countReasons(decisions, "weekly "));
        assertEquals(12, countReasons(decisions, "monthly "));
        List<RetentionDecision> keptOlder = byAge.get(false).stream().filter(RetentionDecision::keep).toList();
        assertEquals(List.of("2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30",
                "2026-03-31", "2026-02-28", "2026-01-31"), keptOlder.stream().map(BackupRetentionTest::day).toList());
        keptOlder.forEach(decision -> assertEquals(List.of("monthly " + day(decision).substring(0, 7)), decision.reasons()));
        List<RetentionDecision> deleted = decisions.stream().filter(decision -> !decision.keep()).toList();
        assertEquals(400 - 30 - 10, deleted.size());
        deleted.forEach(decision -> assertEquals(List.of(BackupRetention.BEYOND_EVERY_TIER), decision.reasons()));

        assertEquals(List.of("latest backup", "newest 10", "daily 2026-12-01", "weekly 2026-W49", "monthly 2026-12", "younger than 30 days"),
                decisions.get(0).reasons());
        assertEquals(List.of("newest 10", "daily 2026-11-29", "weekly 2026-W48", "younger than 30 days"), decisions.get(2).reasons());
    }

    @Test
    void decisionsComeNewestFirstOnePerBackupAndTheSameForAnyOrderOfTheListing() {
        List<RetentionCandidate> listing = new ArrayList<>(nightly(120));
        listing.add(candidate("backup_20261201_020000_1.sql.gz"));
        listing.add(candidate("backup_20261130_020000.sql.gz.gpg"));
        listing.add(candidate("backup_20261115_020000.sql.gz", BackupMarker.UPLOADED));
        List<RetentionDecision> expected = DEFAULTS.decide(listing, NOW);

        List<String> names = expected.stream().map(decision -> decision.name().value()).toList();
        assertEquals(listing.size(), names.size());
        assertEquals(List.of("backup_20261201_020000_1.sql.gz", "backup_20261201_020000.sql.gz", "backup_20261130_020000.sql.gz.gpg",
                "backup_20261130_020000.sql.gz"), names.subList(0, 4));
        for (long seed = 0; seed < 5; seed++) {
            Collections.shuffle(listing, new Random(seed));
            assertEquals(expected, DEFAULTS.decide(listing, NOW));
        }
    }

    @Test
    void withEveryTierAndTheMinimumAgeAtZeroOnlyKeepCountsAsInTodaysRotation() {
        BackupRetention keepOnly = new BackupRetention(3, 0, 0, 0, Duration.ZERO);

        List<RetentionDecision> decisions = keepOnly.decide(nightly(6), NOW);

        assertEquals(List.of(true, true, true, false, false, false), decisions.stream().map(RetentionDecision::keep).toList());
        assertEquals(List.of("latest backup", "newest 3"), decisions.get(0).reasons());
        assertEquals(List.of("newest 3"), decisions.get(2).reasons());
    }

    @Test
    void theNewestBackupIsNeverDeletedEvenWhenNothingWouldKeepIt() {
        BackupRetention nothing = new BackupRetention(0, 0, 0, 0, Duration.ZERO);

        List<RetentionDecision> decisions = nothing.decide(nightly(3), NOW);

        assertEquals(List.of(BackupRetention.LATEST), decisions.get(0).reasons());
        assertTrue(decisions.get(0).keep());
        assertFalse(decisions.get(1).keep());
        assertFalse(decisions.get(2).keep());
        assertEquals(List.of(), nothing.decide(List.of(), NOW));
    }

    @Test
    void withKeepAtZeroTheTiersAloneKeepTheNewestOfEachPeriodAndATierOfZeroKeepsNothing() {
        BackupRetention twoDays = new BackupRetention(0, 2, 0, 0, Duration.ZERO);
        List<RetentionCandidate> twicePerDay = List.of(candidate("backup_20261201_020000.sql.gz"), candidate("backup_20261201_020000_1.sql.gz"),
                candidate("backup_20261130_140000.sql.gz"), candidate("backup_20261130_020000.sql.gz"),
                candidate("backup_20261129_140000.sql.gz"), candidate("backup_20261129_020000.sql.gz"));

        Map<String, RetentionDecision> decisions = byName(twoDays.decide(twicePerDay, NOW));

        assertEquals(List.of("latest backup", "daily 2026-12-01"), decisions.get("backup_20261201_020000_1.sql.gz").reasons());
        assertEquals(List.of("daily 2026-11-30"), decisions.get("backup_20261130_140000.sql.gz").reasons());
        assertEquals(2, decisions.values().stream().filter(RetentionDecision::keep).count());
        assertEquals(4, decisions.values().stream().filter(decision -> !decision.keep()).count());
    }

    @Test
    void weeksAreIsoWeeksOfTheWeekBasedYearAndMonthsCalendarMonths() {
        BackupRetention weeksAndMonths = new BackupRetention(0, 0, 2, 2, Duration.ZERO);
        Instant newYear = Instant.parse("2027-01-02T12:00:00Z");
        List<RetentionCandidate> listing = List.of(candidate("backup_20270101_020000.sql.gz"), candidate("backup_20261228_020000.sql.gz"),
                candidate("backup_20261227_020000.sql.gz"), candidate("backup_20261130_020000.sql.gz"));

        Map<String, RetentionDecision> decisions = byName(weeksAndMonths.decide(listing, newYear));

        assertEquals(List.of("latest backup", "weekly 2026-W53", "monthly 2027-01"), decisions.get("backup_20270101_020000.sql.gz").reasons());
        assertEquals(List.of("monthly 2026-12"), decisions.get("backup_20261228_020000.sql.gz").reasons());
        assertEquals(List.of("weekly 2026-W52"), decisions.get("backup_20261227_020000.sql.gz").reasons());
        assertFalse(decisions.get("backup_20261130_020000.sql.gz").keep());
    }

    @Test
    void uploadsAreRotatedApartSoThatTheyNeverPushTheServicesOwnOut() {
        BackupRetention keepTwo = new BackupRetention(2, 0, 0, 0, Duration.ZERO);
        List<RetentionCandidate> listing = List.of(candidate("backup_20261201_090000.sql.gz", BackupMarker.UPLOADED),
                candidate("backup_20261201_080000.sql.gz", BackupMarker.UPLOADED), candidate("backup_20261201_070000.sql.gz", BackupMarker.UPLOADED),
                candidate("backup_20261130_020000.sql.gz"), candidate("backup_20261129_020000.sql.gz"), candidate("backup_20261128_020000.sql.gz"));

        List<RetentionDecision> decisions = keepTwo.decide(listing, NOW);

        assertEquals(List.of(true, true, false, true, true, false), decisions.stream().map(RetentionDecision::keep).toList());
        assertEquals(List.of("latest backup", "newest 2"), decisions.get(3).reasons());
    }

    @Test
    void pinnedAndSafetyBackupsAreNeverDeletedAndTakeNoSlotOfKeepOrOfATier() {
        BackupRetention keepTwo = new BackupRetention(2, 0, 0, 0, Duration.ZERO);
        List<RetentionCandidate> listing = List.of(candidate("backup_20261201_030000.sql.gz", BackupMarker.PINNED),
                candidate("backup_20261201_020000.sql.gz", BackupMarker.SAFETY), candidate("backup_20261130_020000.sql.gz"),
                candidate("backup_20261129_020000.sql.gz"), candidate("backup_20261128_020000.sql.gz"),
                candidate("backup_20250101_020000.sql.gz", BackupMarker.PINNED, BackupMarker.SAFETY));

        Map<String, RetentionDecision> decisions = byName(keepTwo.decide(listing, NOW));

        assertEquals(List.of("pinned"), decisions.get("backup_20261201_030000.sql.gz").reasons());
        assertEquals(List.of("safety backup"), decisions.get("backup_20261201_020000.sql.gz").reasons());
        assertEquals(List.of("latest backup", "newest 2"), decisions.get("backup_20261130_020000.sql.gz").reasons());
        assertEquals(List.of("newest 2"), decisions.get("backup_20261129_020000.sql.gz").reasons());
        assertFalse(decisions.get("backup_20261128_020000.sql.gz").keep());
        assertEquals(List.of("pinned", "safety backup"), decisions.get("backup_20250101_020000.sql.gz").reasons());

        BackupRetention oneDay = new BackupRetention(0, 1, 0, 0, Duration.ZERO);
        Map<String, RetentionDecision> sameDay = byName(oneDay.decide(List.of(candidate("backup_20261201_030000.sql.gz", BackupMarker.PINNED),
                candidate("backup_20261201_020000.sql.gz")), NOW));
        assertEquals(List.of("latest backup", "daily 2026-12-01"), sameDay.get("backup_20261201_020000.sql.gz").reasons());
    }

    @Test
    void aBackupWhoseOffsiteCopyIsMissingIsKeptYetTakesItsSlot() {
        BackupRetention keepOne = new BackupRetention(1, 0, 0, 0, Duration.ZERO);
        List<RetentionCandidate> listing = List.of(new RetentionCandidate(name("backup_20261201_020000.sql.gz"), Set.of(), true),
                candidate("backup_20261130_020000.sql.gz"), new RetentionCandidate(name("backup_20261001_020000.sql.gz"), Set.of(), true));

        List<RetentionDecision> decisions = keepOne.decide(listing, NOW);

        assertEquals(List.of("offsite copy missing", "latest backup", "newest 1"), decisions.get(0).reasons());
        assertFalse(decisions.get(1).keep());
        assertEquals(List.of("offsite copy missing"), decisions.get(2).reasons());
    }

    @Test
    void aBackupFromTheFutureIsKeptAndTakesNoSlot() {
        BackupRetention keepOne = new BackupRetention(1, 0, 0, 0, Duration.ZERO);
        List<RetentionCandidate> listing = List.of(candidate("backup_20261201_130000.sql.gz"), candidate("backup_20261201_020000.sql.gz"),
                candidate("backup_20261130_020000.sql.gz"));

        List<RetentionDecision> decisions = keepOne.decide(listing, NOW);

        assertEquals(List.of("newer than now"), decisions.get(0).reasons());
        assertEquals(List.of("latest backup", "newest 1"), decisions.get(1).reasons());
        assertFalse(decisions.get(2).keep());
    }

    @Test
    void theMinimumAgeKeepsWhatIsStrictlyYoungerAndReadsAsOperatorsWroteIt() {
        BackupRetention halfADay = new BackupRetention(0, 0, 0, 0, Duration.parse("PT12H"));
        List<RetentionCandidate> listing = List.of(candidate("backup_20261201_020000.sql.gz"), candidate("backup_20261201_000001.sql.gz"),
                candidate("backup_20261201_000000.sql.gz"));

        List<RetentionDecision> decisions = halfADay.decide(listing, NOW);

        assertEquals(List.of("latest backup", "younger than 12 hours"), decisions.get(0).reasons());
        assertEquals(List.of("younger than 12 hours"), decisions.get(1).reasons());
        assertFalse(decisions.get(2).keep());
        assertEquals("30 days", BackupRetention.spelledOut(Duration.parse("P30D")));
        assertEquals("1 day 6 hours", BackupRetention.spelledOut(Duration.parse("P1DT6H")));
        assertEquals("1 minute 30 seconds", BackupRetention.spelledOut(Duration.parse("PT90S")));
    }

    @Test
    void theSettingsComeFromBackupConfigAndMustNotBeNegative() {
        Map<String, Object> settings = Map.of("keep", 10, "keepDaily", 7, "keepWeekly", 5, "keepMonthly", 12, "minAge", Duration.parse("P30D"));
        BackupConfig config = (BackupConfig) Proxy.newProxyInstance(BackupConfig.class.getClassLoader(), new Class<?>[] { BackupConfig.class },
                (proxy, method, arguments) -> settings.get(method.getName()));

        assertEquals(DEFAULTS, BackupRetention.of(config));
        assertThrows(IllegalArgumentException.class, () -> new BackupRetention(-1, 7, 5, 12, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BackupRetention(10, 7, -5, 12, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BackupRetention(10, 7, 5, 12, Duration.ofDays(-1)));
    }

    /** One backup a night at 02:00 UTC, the newest on NOW's day. */
    private static List<RetentionCandidate> nightly(int nights) {
        Instant tonight = NOW.atZone(ZoneOffset.UTC).toLocalDate().atTime(2, 0).toInstant(ZoneOffset.UTC);
        List<RetentionCandidate> backups = new ArrayList<>();
        for (int night = 0; night < nights; night++) {
            backups.add(new RetentionCandidate(BackupName.next(tonight.minus(Duration.ofDays(night)), false, name -> false), Set.of(), false));
        }
        return backups;
    }

    private static RetentionCandidate candidate(String name, BackupMarker... markers) {
        return new RetentionCandidate(name(name), Set.of(markers), false);
    }

    private static BackupName name(String value) {
        return BackupName.parse(value).orElseThrow();
    }

    private static Map<String, RetentionDecision> byName(List<RetentionDecision> decisions) {
        return decisions.stream().collect(Collectors.toMap(decision -> decision.name().value(), Function.identity()));
    }

    private static long countReasons(List<RetentionDecision> decisions, String prefix) {
        return decisions.stream().flatMap(decision -> decision.reasons().stream()).filter(reason -> reason.startsWith(prefix)).count();
    }

    private static String day(RetentionDecision decision) {
        return LocalDate.ofInstant(decision.name().takenAt(), ZoneOffset.UTC).toString();
    }
}
