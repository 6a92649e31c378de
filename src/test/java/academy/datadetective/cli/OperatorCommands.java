package academy.datadetective.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import picocli.CommandLine;

import io.quarkus.test.junit.QuarkusTestProfile;

import academy.datadetective.migration.ScratchDatabaseResource;

/**
 * The operator commands through their command line, as {@link AcademyMain} runs them, inside one running
 * application: a command needs no JVM and no Quarkus start of its own (a launch per command cost the suite
 * about ten seconds each). The packaged jar's own launches are CI's smoke test.
 */
@ApplicationScoped
public class OperatorCommands {

    /** What AcademyMain sets before Quarkus starts for a command, on a scratch database the command test classes share. */
    public static class CommandMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return AcademyMain.COMMAND_MODE;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScratchDatabaseResource.class));
        }
    }

    /** A command's exit code and what it printed, without the last line break. */
    public record Result(int exitCode, String getOutput, String getErrorOutput) {
    }

    private final CommandLine.IFactory factory;

    OperatorCommands(CommandLine.IFactory factory) {
        this.factory = factory;
    }

    public Result launch(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = AcademyMain.commandLine(factory).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Result(exitCode, withoutLastLineBreak(out), withoutLastLineBreak(err));
    }

    private static String withoutLastLineBreak(StringWriter text) {
        return text.toString().replaceFirst("\\R$", "");
    }
}
