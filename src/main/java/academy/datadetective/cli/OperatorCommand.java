package academy.datadetective.cli;

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

    /** Refusals go to standard error, so that --json output on standard out stays one document. */
    int refuse(String reason) {
        spec.commandLine().getErr().println(reason);
        return ExitCodes.REFUSED;
    }
}
