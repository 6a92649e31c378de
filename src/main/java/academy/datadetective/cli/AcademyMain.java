package academy.datadetective.cli;

import jakarta.inject.Inject;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * One binary, two uses: without arguments (or with {@code serve}) it is the HTTP service; with a
 * sub-command ({@code migrate …}) it is the operators' tool, which runs the command and exits with its
 * code, without opening a port, running jobs or migrating at startup.
 */
@QuarkusMain
public class AcademyMain implements QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        if (isCommand(args)) {
            // Set before Quarkus reads its configuration: a command must not serve, schedule or migrate by itself.
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.flyway.migrate-at-start", "false");
            System.setProperty("quarkus.scheduler.enabled", "false");
            System.setProperty("quarkus.banner.enabled", "false");
            if (!java.util.Arrays.asList(args).contains("--verbose")) {
                System.setProperty("quarkus.log.level", "WARN");
            }
        }
        Quarkus.run(AcademyMain.class, args);
    }

    static boolean isCommand(String... args) {
        return args.length > 0 && !args[0].equals("serve");
    }

    @Override
    public int run(String... args) {
        if (!isCommand(args)) {
            Quarkus.waitForExit();
            return 0;
        }
        return commandLine(factory).execute(args);
    }

    static CommandLine commandLine(CommandLine.IFactory factory) {
        return new CommandLine(AcademyCommand.class, factory)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("Error: " + exception.getMessage());
                    if (parseResult.hasMatchedOption("--verbose")) {
                        exception.printStackTrace(commandLine.getErr());
                    }
                    return ExitCodes.FAILED;
                });
    }
}
