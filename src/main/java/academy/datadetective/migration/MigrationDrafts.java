package academy.datadetective.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * New migrations for developers ({@code migrate new}): the next {@code V{n}__description.sql} in a resources
 * directory's {@value #MIGRATION_LOCATION} with its down script in {@value MigrationRollback#ROLLBACK_LOCATION}, from a
 * template, or drafted from what the entities need and the migrated schema lacks (alembic's
 * {@code revision --autogenerate}). Neither file is ever applied here.
 */
@ApplicationScoped
public class MigrationDrafts {

    public static final String MIGRATION_LOCATION = "db/migration";

    /** flyway_schema_history.description is a varchar(200). */
    static final int MAX_DESCRIPTION = 200;

    private static final Pattern MIGRATION_FILE = Pattern.compile("V(\\d+)(?:[._]\\d+)*__.+\\.sql");

    private final Flyway flyway;
    private final MigrationService migrations;

    MigrationDrafts(Flyway flyway, MigrationService migrations) {
        this.flyway = flyway;
        this.migrations = migrations;
    }

    /**
     * The files written, if any, the migration's statements (one line each), and the down script's notes on those
     * for which no inverse was derived ({@code -- REVIEW:} lines).
     */
    public record Draft(Optional<String> migration, Optional<String> downScript, List<String> statements, List<String> toWriteByHand) {
    }

    /**
     * Why {@code message} cannot name a migration, if it cannot. It becomes the file name's description: lower case,
     * spaces as underscores. Flyway refuses an empty description and its history keeps {@value #MAX_DESCRIPTION}
     * characters; other characters than ASCII letters, digits, {@code _} and {@code -} are refused too, so that the
     * name is a plain file name on every system and reads the same in Flyway's history.
     */
    public static Optional<String> descriptionProblem(String message) {
        String description = description(message);
        if (description.isEmpty()) {
            return Optional.of("the description is empty; say what the migration does, e.g. \"add phone number to users\"");
        }
        String refused = description.replaceAll("[a-z0-9_-]", "").chars().distinct()
                .mapToObj(c -> "'" + Character.toString(c) + "'").collect(Collectors.joining(" "));
        if (!refused.isEmpty()) {
            return Optional.of("the description may hold ASCII letters, digits, spaces, '_' and '-' only, not " + refused);
        }
        if (description.length() > MAX_DESCRIPTION) {
            return Optional.of("the description has " + description.length() + " characters; Flyway's history keeps "
                    + MAX_DESCRIPTION);
        }
        return Optional.empty();
    }

    private static String description(String message) {
        return message.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
    }

    /** The next migration and its down script under {@code resources}, each with a comment saying what belongs there. */
    public Draft template(String message, Path resources) throws IOException {
        requireDescription(message);
        String name = nextName(message, resources);
        return write(resources, name,
                "-- " + message.strip() + "\n-- Plain SQL, reviewed; no schema name (it runs in the configured one)."
                        + " One transaction: a failure leaves the schema as it was.\n\n",
                "-- Undoes " + name + ".sql exactly: `migrate down` runs it in one transaction.\n\n",
                List.of(), List.of());
    }

    /**
     * Compares the entities with the database's schema, which must have every migration of this build applied, and
     * drafts the migration that adds what the schema lacks, with its down script; nothing is written when they agree.
     */
    public Draft autogenerate(String message, Path resources) throws IOException {
        requireDescription(message);
        MigrationRunner.Status status = migrations.status();
        if (!status.upToDate()) {
            throw new MigrationException("The schema (version " + status.current().orElse("none") + ") lacks migrations of"
                    + " this build: " + Stream.concat(status.failed().stream(), status.pending().stream())
                            .map(m -> "V" + m.version()).collect(Collectors.joining(", "))
                    + "; apply them first (migrate up), so that the draft holds only what the migrations do not");
        }
        List<String> statements = EntityMappings.missingDdl().stream().map(MigrationDraft::asWritten).toList();
        if (statements.isEmpty()) {
            return new Draft(Optional.empty(), Optional.empty(), List.of(), List.of());
        }
        String name = nextName(message, resources);
        String generated = "-- DRAFT written by `migrate new --autogenerate` (" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "):";
        List<String> inverse = MigrationDraft.inverse(statements);
        List<String> byHand = inverse.stream().filter(statement -> statement.startsWith(MigrationDraft.REVIEW)).toList();
        return write(resources, name,
                MigrationDraft.upScript(generated + " what Hibernate's schema updater\n"
                        + "-- finds the entities need and the schema (version " + status.current().orElse("none") + ") lacks."
                        + " REVIEW IT BEFORE YOU COMMIT,\n"
                        + "-- then delete these lines: the updater only adds (tables, columns, indexes, keys, sequences); it sees\n"
                        + "-- no rename, no change of type or nullability, no removal and no data to migrate. Expand and contract\n"
                        + "-- (README \"Migrations\", Rules).\n", statements),
                MigrationDraft.downScript(generated + " undoes\n-- " + name + ".sql, newest statement first."
                        + " REVIEW IT BEFORE YOU COMMIT, then delete\n"
                        + "-- these lines, and write each \"-- REVIEW:\" line below by hand. `migrate down` runs it in one transaction.\n",
                        inverse),
                statements.stream().map(MigrationDraft::oneLine).toList(), byHand);
    }

    private static void requireDescription(String message) {
        descriptionProblem(message).ifPresent(problem -> {
            throw new MigrationException("Cannot name the migration: " + problem);
        });
    }

    private String nextName(String message, Path resources) throws IOException {
        return "V" + (highestVersion(resources.resolve(MIGRATION_LOCATION)) + 1) + "__" + description(message);
    }

    /**
     * The highest major version among this build's migrations, those applied to the database (a newer build's
     * included) and the files already in {@code directory}.
     */
    private long highestVersion(Path directory) throws IOException {
        long known = Arrays.stream(flyway.info().all()).map(MigrationInfo::getVersion).filter(Objects::nonNull)
                .mapToLong(v -> v.getMajor().longValueExact()).max().orElse(0);
        if (!Files.isDirectory(directory)) {
            return known;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return Math.max(known, files.map(file -> MIGRATION_FILE.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0));
        }
    }

    private static Draft write(Path resources, String name, String up, String down, List<String> statements,
            List<String> byHand) throws IOException {
        Path upFile = Files.createDirectories(resources.resolve(MIGRATION_LOCATION)).resolve(name + ".sql");
        Path downFile = Files.createDirectories(resources.resolve(MigrationRollback.ROLLBACK_LOCATION)).resolve(name + ".down.sql");
        // Never over an existing file; a migration without its down script is not left behind either.
        Files.writeString(upFile, up, StandardOpenOption.CREATE_NEW);
        try {
            Files.writeString(downFile, down, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            Files.delete(upFile);
            throw e;
        }
        return new Draft(Optional.of(upFile.toString()), Optional.of(downFile.toString()), statements, byHand);
    }
}
