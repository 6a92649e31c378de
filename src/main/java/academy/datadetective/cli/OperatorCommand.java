package academy.datadetective.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every operator command needs: the shared options, and printing a result as text or JSON. */
abstract class OperatorCommand implements Callable<Integer> {

    @Mixin
    CommandOutput output;

    @Spec
    CommandSpec spec;

    @Inject
    ObjectMapper mapper;

    void print(Object result, String text) {
        output.print(spec.commandLine().getOut(), mapper, result, text);
    }

    /** Asks on standard error and reads standard input, so that a script can pipe the answer; no input means no. */
    boolean confirmed(String warning) {
        spec.commandLine().getErr().print(warning + " Type yes to continue: ");
        spec.commandLine().getErr().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
        } catch (IOException e) {
            return false;
        }
    }

    /** Refusals go to standard error, so that --json output on standard out stays one document. */
    int refuse(String reason) {
        spec.commandLine().getErr().println(reason);
        return ExitCodes.REFUSED;
    }
}
