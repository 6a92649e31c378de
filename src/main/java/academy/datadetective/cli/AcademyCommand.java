package academy.datadetective.cli;

import picocli.CommandLine.Command;

@Command(name = "academy", mixinStandardHelpOptions = true,
        description = "Data Detective Academy: run without a command to serve the API; with one, to operate its database.",
        subcommands = { MigrateCommand.class, SeedCommand.class, BackupCommand.class, RestoreCommand.class },
        footer = { "", "Examples:", "  java -jar quarkus-run.jar                 serve the API",
                "  java -jar quarkus-run.jar migrate status  show the schema version and pending migrations",
                "  java -jar quarkus-run.jar seed --minimal  seed the teacher and two students",
                "  java -jar quarkus-run.jar backup          back up all data into BACKUP_DIR" })
public class AcademyCommand {
}
