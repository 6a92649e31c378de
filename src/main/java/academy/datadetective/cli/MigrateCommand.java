package academy.datadetective.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import io.quarkus.runtime.LaunchMode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import academy.datadetective.migration.MigrationDrafts;
import academy.datadetective.migration.MigrationRollback;
import academy.datadetective.migration.MigrationRunner;
import academy.datadetective.migration.MigrationService;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply, roll back and inspect database migrations (Flyway, with a down script beside every migration).",
        subcommands = { MigrateCommand.Up.class, MigrateCommand.Down.class, MigrateCommand.Status.class,
                MigrateCommand.History.class, MigrateCommand.Validate.class, MigrateCommand.New.class })
public class MigrateCommand {

    /** What every migrate sub-command needs. */
    abstract static class Base extends OperatorCommand {
        @Inject
        MigrationService migrations;
    }

    public record Applied(List<String> applied, Optional<String> current) {
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Apply pending migrations (all by default).",
            footer = { "", "Examples:", "  migrate up               apply every pending migration (alembic upgrade head)",
                    "  migrate up --to 3        apply up to and including V3 (alembic upgrade <rev>)",
                    "  migrate up --steps 1     apply the next one (alembic upgrade +1)" })
    static class Up extends Base {
        @Option(names = "--to", description = "Apply up to and including this version.")
        Optional<String> to;

        @Option(names = "--steps", description = "Apply only the next N pending migrations.")
        Integer steps;

        @Override
        public Integer call() {
            List<String> applied = migrations.up(to, count(steps));
            Optional<String> current = migrations.status().current();
            print(new Applied(applied, current), applied.isEmpty()
                    ? "Nothing to apply; schema version " + current.orElse("none")
                    : "Applied " + versions(applied) + "; schema version " + current.orElse("none"));
            return ExitCodes.OK;
        }
    }

    public record RolledBack(List<String> rolledBack, Optional<String> current) {
    }

    static class RollbackTarget {
        @Option(names = "--steps", description = "Roll back the newest N applied migrations.")
        Integer steps;

        @Option(names = "--to", description = "Roll back every migration above this version; 'base' for all of them.")
        Optional<String> to;
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Roll back applied migrations with their down scripts, newest first, each in one transaction.",
            footer = { "", "Examples:", "  migrate down --steps 1        roll back the newest (alembic downgrade -1)",
                    "  migrate down --to 2           roll back everything above V2 (alembic downgrade <rev>)",
                    "  migrate down --to base --yes  roll back everything (alembic downgrade base)" })
    static class Down extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1")
        RollbackTarget target;

        @Option(names = "--yes", description = "Confirm; required in production, where a rollback can destroy data.")
        boolean yes;

        @Override
        public Integer call() {
            if (LaunchMode.current() == LaunchMode.NORMAL && !yes) {
                return refuse("Refused: rolling back a production database can destroy data;"
                        + " take a backup, then confirm with --yes");
            }
            List<String> rolledBack = migrations.down(target.to == null ? Optional.empty() : target.to, count(target.steps));
            Optional<String> current = migrations.status().current();
            print(new RolledBack(rolledBack, current), rolledBack.isEmpty()
                    ? "Nothing to roll back; schema version " + current.orElse("none")
                    : "Rolled back " + versions(rolledBack) + "; schema version " + current.orElse("none"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Current schema version and pending migrations (alembic current / heads).")
    static class Status extends Base {
        @Override
        public Integer call() {
            MigrationRunner.Status status = migrations.status();
            StringBuilder text = new StringBuilder("Schema version: " + status.current().orElse("none (empty database)")
                    + " (newest in this build: " + status.latestKnown().orElse("none") + ")");
            text.append("\nPending: ").append(status.pending().isEmpty() ? "none" : status.pending().stream()
                    .map(m -> "V" + m.version() + " " + m.description()).collect(Collectors.joining(", ")));
            if (!status.future().isEmpty()) {
                text.append("\nNewer than this build (ignored): ").append(status.future().stream()
                        .map(m -> "V" + m.version() + " " + m.description()).collect(Collectors.joining(", ")));
            }
            if (!status.failed().isEmpty()) {
                text.append("\nFailed: ").append(status.failed().stream()
                        .map(m -> "V" + m.version() + " " + m.description()).collect(Collectors.joining(", ")));
            }
            print(status, text.toString());
            return status.failed().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Applied migrations with dates, checksums and outcome (alembic history).")
    static class History extends Base {
        @Override
        public Integer call() {
            List<MigrationRunner.Migration> history = migrations.history();
            String text = history.isEmpty() ? "No migration applied" : history.stream()
                    .map(m -> String.format(Locale.ROOT, "V%-6s %-40s %-28s checksum %-12s %s", m.version(), m.description(),
                            m.installedOn().map(Object::toString).orElse("-"), m.checksum().map(Object::toString).orElse("-"),
                            m.success().map(ok -> ok ? "success" : "FAILED").orElse("-")))
                    .collect(Collectors.joining("\n"));
            print(history, text);
            return ExitCodes.OK;
        }
    }

    public record Validation(boolean valid, List<String> problems) {
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check the migrations against the database:"
            + " checksum drift, duplicate or out-of-order versions, migrations missing from this build, missing down scripts.")
    static class Validate extends Base {
        @Override
        public Integer call() {
            List<String> problems = migrations.validate();
            print(new Validation(problems.isEmpty(), problems),
                    problems.isEmpty() ? "Migrations are valid" : "Invalid:\n  " + String.join("\n  ", problems));
            return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    static class Destination {
        @Option(names = "--dir", paramLabel = "PROJECT", description = "The project directory: the files go to its src/main/resources (default: the current directory).")
        Path projectDirectory;

        @Option(names = "--output", paramLabel = "DIR", description = "Write into DIR/" + MigrationDrafts.MIGRATION_LOCATION + " and DIR/"
                + MigrationRollback.ROLLBACK_LOCATION + " instead (created if missing): from the packaged jar, which has no source tree.")
        Path resources;
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = { "Create the next migration V{n}__description.sql and its down script: from a template, or with"
                    + " --autogenerate drafted from what the entities need and the migrated schema lacks (Hibernate's schema"
                    + " updater, writing a script only). Review both files before committing them." },
            footer = { "", "Examples:",
                    "  migrate new \"add users index\"          an empty pair (alembic revision -m)",
                    "  migrate new --autogenerate \"add phone\" a drafted pair (alembic revision --autogenerate)",
                    "  migrate new --autogenerate \"add phone\" --output drafts   from the packaged jar" })
    static class New extends Base {
        @Parameters(paramLabel = "DESCRIPTION", description = "What the migration does, e.g. \"add phone number to users\":"
                + " ASCII letters, digits, spaces, '_' and '-'.")
        String description;

        @Option(names = "--autogenerate", description = "Draft the DDL that aligns the migrated schema with the entities,"
                + " and its inverse; says \"No changes\" and writes nothing when they agree.")
        boolean autogenerate;

        @ArgGroup(exclusive = true)
        Destination destination;

        @Inject
        MigrationDrafts drafts;

        @Override
        public Integer call() throws IOException {
            Optional<String> problem = MigrationDrafts.descriptionProblem(description);
            if (problem.isPresent()) {
                return refuse("Refused: " + problem.get());
            }
            Path resources = destination == null ? null : destination.resources;
            if (resources == null) {
                Path project = destination == null ? Path.of("") : destination.projectDirectory;
                resources = project.resolve("src/main/resources");
                if (!Files.isDirectory(resources.resolve(MigrationDrafts.MIGRATION_LOCATION))) {
                    return refuse("Refused: " + resources.resolve(MigrationDrafts.MIGRATION_LOCATION)
                            + " does not exist; run this in the project directory, or say where with --output DIR");
                }
            }
            MigrationDrafts.Draft draft = autogenerate ? drafts.autogenerate(description, resources) : drafts.template(description, resources);
            if (draft.migration().isEmpty()) {
                print(draft, "No changes: the entities and the schema (version "
                        + migrations.status().current().orElse("none") + ") agree; nothing written");
                return ExitCodes.OK;
            }
            StringBuilder text = new StringBuilder("Created " + draft.migration().get() + "\nCreated " + draft.downScript().get());
            if (autogenerate) {
                text.append("\n").append(draft.statements().size()).append(" statement(s) drafted; ")
                        .append(draft.toWriteByHand().isEmpty() ? "each has its inverse in the down script"
                                : draft.toWriteByHand().size() + " without an inverse: write those \"-- REVIEW:\" lines by hand")
                        .append("\nReview both files before you commit them.");
            }
            print(draft, text.toString());
            return ExitCodes.OK;
        }
    }

    /** picocli has no OptionalInt; a missing --steps arrives as null. */
    static OptionalInt count(Integer steps) {
        if (steps != null && steps < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new AcademyCommand()), "--steps must be at least 1");
        }
        return steps == null ? OptionalInt.empty() : OptionalInt.of(steps);
    }

    static String versions(List<String> versions) {
        return versions.stream().map(v -> "V" + v).collect(Collectors.joining(", "));
    }
}
