package academy.datadetective.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway as operators use it: status, history, applying migrations and validating them (down scripts
 * included); rolling back is {@link MigrationRollback}'s. Works on any database Flyway is configured for: the
 * service's, or a test's scratch one.
 */
public class MigrationRunner {

    private final Flyway flyway;

    public MigrationRunner(Flyway flyway) {
        this.flyway = flyway;
    }

    /** One migration as operators see it; {@code installedOn} and {@code success} are empty until applied. */
    public record Migration(String version, String description, String script, String state, Optional<Instant> installedOn,
            Optional<Integer> checksum, Optional<Boolean> success) {

        static Migration of(MigrationInfo info) {
            return new Migration(info.getVersion() == null ? "" : info.getVersion().getVersion(), info.getDescription(),
                    info.getScript(), info.getState().getDisplayName(),
                    Optional.ofNullable(info.getInstalledOn()).map(java.util.Date::toInstant),
                    Optional.ofNullable(info.getChecksum()),
                    info.getInstalledOn() == null ? Optional.empty() : Optional.of(!info.getState().isFailed()));
        }
    }

    /**
     * @param current newest applied version; empty on an empty database
     * @param pending migrations of this build not applied yet, oldest first; also those below the newest applied one
     *        (merged late from another branch), which Flyway never applies and {@link #up} therefore refuses
     * @param future applied versions this build does not know (applied by a newer build)
     * @param latestKnown newest version this build ships
     */
    public record Status(Optional<String> current, List<Migration> pending, List<Migration> future, List<Migration> failed,
            Optional<String> latestKnown) {

        public boolean upToDate() {
            return pending.isEmpty() && failed.isEmpty();
        }
    }

    public Status status() {
        return status(flyway.info());
    }

    /** The status as of {@code info}, for callers that also plan from the same look at the history (one query, not two). */
    Status status(MigrationInfoService info) {
        MigrationInfo[] all = info.all();
        List<Migration> pending = Arrays.stream(all).filter(m -> m.getState() == MigrationState.PENDING || skippedByFlyway(m))
                .map(Migration::of).toList();
        List<Migration> future = Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                || m.getState() == MigrationState.FUTURE_FAILED).map(Migration::of).toList();
        List<Migration> failed = Arrays.stream(all).filter(m -> m.getState().isFailed()).map(Migration::of).toList();
        Optional<String> current = Optional.ofNullable(info.current()).map(m -> m.getVersion().getVersion());
        Optional<String> latestKnown = Arrays.stream(all).filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(MigrationInfo::getVersion).max(Comparator.naturalOrder()).map(MigrationVersion::getVersion);
        return new Status(current, pending, future, failed, latestKnown);
    }

    /** A migration of this build below the newest applied one and not applied itself: another branch's, merged late. */
    private static boolean skippedByFlyway(MigrationInfo migration) {
        return migration.getState() == MigrationState.IGNORED && migration.isVersioned();
    }

    /** Every migration recorded in the history table, in the order applied. */
    public List<Migration> history() {
        return Arrays.stream(flyway.info().applied()).map(Migration::of).toList();
    }

    /** The versions {@link #up} would apply, oldest first. */
    public List<String> planned(Optional<String> to, OptionalInt steps) {
        return planned(flyway.info(), to, steps);
    }

    List<String> planned(MigrationInfoService info, Optional<String> to, OptionalInt steps) {
        if (to.isPresent() && steps.isPresent()) {
            throw new MigrationException("Give either a version or a number of steps, not both");
        }
        List<String> skipped = Arrays.stream(info.all()).filter(MigrationRunner::skippedByFlyway)
                .map(m -> "V" + m.getVersion().getVersion() + " " + m.getDescription()).toList();
        if (!skipped.isEmpty()) {
            // Flyway applies no migration below the newest applied one and, with nothing else to apply, says nothing.
            throw new MigrationException(String.join(", ", skipped) + ": older than the newest applied migration V"
                    + info.current().getVersion().getVersion() + ", so never applied; renumber above it"
                    + " (README \"Migrations\", troubleshooting)");
        }
        List<MigrationInfo> pending = Arrays.stream(info.pending()).filter(MigrationInfo::isVersioned).toList();
        if (steps.isPresent()) {
            pending = pending.subList(0, Math.min(steps.getAsInt(), pending.size()));
        }
        Optional<MigrationVersion> target = to.map(MigrationVersion::fromVersion);
        return pending.stream().filter(m -> target.isEmpty() || m.getVersion().compareTo(target.get()) <= 0)
                .map(m -> m.getVersion().getVersion()).toList();
    }

    /**
     * Applies pending migrations: all of them, up to and including {@code to}, or the next {@code steps}.
     * Each runs in its own transaction; a failing one leaves the schema as it was before it.
     */
    public List<String> up(Optional<String> to, OptionalInt steps) {
        return apply(planned(to, steps));
    }

    /** Applies the versions {@link #planned} returned, oldest first. */
    List<String> apply(List<String> planned) {
        if (planned.isEmpty()) {
            return List.of();
        }
        Flyway runner = Flyway.configure(flyway.getConfiguration().getClassLoader()).configuration(flyway.getConfiguration())
                .target(MigrationVersion.fromVersion(planned.get(planned.size() - 1))).load();
        try {
            MigrateResult result = runner.migrate();
            return result.migrations.stream().map(m -> m.version).toList();
        } catch (RuntimeException e) {
            throw new MigrationException("Migration failed; a migration that had started was rolled back: " + e.getMessage(), e);
        }
    }

    /**
     * Everything that would stop a migration or a rollback: Flyway's own validation (checksum drift,
     * applied migrations missing from this build, pending ones older than the newest applied) and up
     * migrations without a down script.
     */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        // Pending migrations are work to do, not a problem; future ones follow the configured patterns.
        List<String> patterns = new ArrayList<>(Arrays.stream(flyway.getConfiguration().getIgnoreMigrationPatterns())
                .map(Object::toString).toList());
        patterns.add("*:pending");
        Flyway validator = Flyway.configure(flyway.getConfiguration().getClassLoader()).configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns(patterns.toArray(String[]::new)).load();
        try {
            validator.validateWithResult().invalidMigrations.forEach(invalid -> problems.add(
                    "V" + invalid.version + " " + invalid.description + ": " + oneLine(invalid.errorDetails.errorMessage)));
        } catch (RuntimeException e) {
            // Migrations Flyway cannot even resolve (two of one version) leave nothing else to check.
            return List.of(oneLine(e.getMessage()));
        }
        problems.addAll(new MigrationRollback(flyway).missingDownScripts());
        return problems;
    }

    /**
     * Flyway's first line, with the details it lists below it ("-> Applied to database : 1", "-> path (SQL)"): a
     * checksum mismatch then carries both checksums (README "Migrations", troubleshooting), two migrations of one
     * version both files.
     */
    private static String oneLine(String message) {
        List<String> lines = message.lines().map(String::strip).toList();
        List<String> details = lines.stream().filter(line -> line.startsWith("->"))
                .map(line -> line.substring(2).strip().replaceAll("\\s+:\\s*", ": ")).toList();
        String first = lines.isEmpty() ? "" : lines.get(0);
        return details.isEmpty() ? first : first + " (" + String.join(", ", details) + ")";
    }
}
