package academy.datadetective.cli;


import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import academy.datadetective.migration.MigrationRunner;
import academy.datadetective.migration.MigrationService;
import academy.datadetective.seed.DefaultAccountsRefusedException;
import academy.datadetective.seed.SeedMode;
import academy.datadetective.seed.SeedPlan;
import academy.datadetective.seed.SeedReport;
import academy.datadetective.seed.SeedService;

@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Seed the sample academy: the default accounts and, unless --minimal, weeks of their progress.",
        footer = { "", "Examples:", "  seed                   teacher, 5 students and their progress (seed.py)",
                "  seed --minimal         teacher and 2 students, no progress (seed.py --minimal)",
                "  seed --clear           delete ALL data first, after asking (seed.py --clear)",
                "  seed --clear --yes     the same without asking (scripts)",
                "  seed --force           also in production, where the default accounts are refused" })
public class SeedCommand extends OperatorCommand {

    @Option(names = "--minimal", description = "Only the teacher and two students, without progress.")
    boolean minimal;

    @Option(names = "--clear", description = "Delete ALL data first (accounts, progress, datasets, tokens), in the same transaction.")
    boolean clear;

    @Option(names = "--yes", description = "Do not ask before clearing.")
    boolean yes;

    @Option(names = "--force", description = "Seed the default accounts even where they are not allowed (production).")
    boolean force;

    @Inject
    SeedService seeds;

    @Inject
    MigrationService migrations;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String databaseUrl;

    @Override
    public Integer call() {
        MigrationRunner.Status schema = migrations.status();
        if (!schema.upToDate()) {
            spec.commandLine().getErr().println("Error: the schema is at version " + schema.current().orElse("none")
                    + ", this build needs " + schema.latestKnown().orElse("none") + "; run `migrate up` first");
            return ExitCodes.FAILED;
        }
        // Without its parameters: a hand-written JDBC URL may carry a password there.
        if (clear && !yes && !confirmed("This deletes ALL data in " + databaseUrl.replaceFirst("\\?.*", "") + " before seeding.")) {
            return refuse("Aborted: nothing was cleared or seeded");
        }
        SeedReport report;
        try {
            report = seeds.seed(minimal ? SeedMode.MINIMAL : SeedMode.FULL, clear, force, "add --force");
        } catch (DefaultAccountsRefusedException refused) {
            return refuse(refused.getMessage());
        }
        print(report, text(report));
        return ExitCodes.OK;
    }

    private static String text(SeedReport report) {
        StringBuilder text = new StringBuilder("Seeded the " + report.mode().value() + " sample academy"
                + (report.cleared() ? " after clearing all data" : "") + "\n");
        for (SeedReport.SeededAccount account : report.accounts()) {
            String password = account.created()
                    ? SeedPlan.publishedPassword(account.email()).orElse("(from ADMIN_PASSWORD)")
                    : "(existed; left unchanged)";
            text.append(String.format("  %-8s %-8s %-24s %s%n", account.created() ? "created" : "existed", account.role(),
                    account.email(), password));
        }
        text.append("Learning history created: ").append(report.progressCreated()).append(" progress rows, ")
                .append(report.attemptsCreated()).append(" attempts, ").append(report.hintsCreated()).append(" hints");
        return text.toString();
    }
}
