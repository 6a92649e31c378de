package academy.datadetective.cli;

import picocli.CommandLine.Command;

@Command(name = "academy", mixinStandardHelpOptions = true,
        description = "Data Detective Academy: run without a command to serve the API; with one, to operate its database.",
        subcommands = { MigrateCommand.class, SeedCommand.class },
        footer = { "", "Examples:", "  java -jar quarkus-run.jar                 serve the API",
                "  java -jar quarkus-run.jar migrate status  show the schema version and pending migrations",
                "  java -jar quarkus-run.jar seed --minimal  seed the teacher and two students" })
public class AcademyCommand {
}
