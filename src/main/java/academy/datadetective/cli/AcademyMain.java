package academy.datadetective.cli;

import java.util.Arrays;
import java.util.Map;

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

    /** A command must not serve, schedule or migrate by itself. */
    static final Map<String, String> COMMAND_MODE = Map.of(
            "quarkus.http.host-enabled", "false",
            "quarkus.management.host-enabled", "false",
            "academy.migration.at-start", "false",
            "quarkus.scheduler.enabled", "false",
            "quarkus.banner.enabled", "false",
            // The shutdown delay lets a load balancer drain a server; a command has none to drain.
            "quarkus.shutdown.delay", "0S");

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        if (isCommand(args)) {
            // Set before Quarkus reads its configuration.
            COMMAND_MODE.forEach(System::setProperty);
            if (!Arrays.asList(args).contains("--verbose")) {
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
