package academy.datadetective.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Option;

/** Options every command shares: machine-readable output and stack traces on failure. */
public class CommandOutput {

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Log what happens, and print stack traces of errors.")
    boolean verbose;

    /** Prints {@code text} for people, or {@code result} as one JSON document with --json. */
    void print(PrintWriter out, ObjectMapper mapper, Object result, String text) {
        if (json) {
            try {
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot print the result as JSON", e);
            }
        } else {
            out.println(text);
        }
        out.flush();
    }
}
