package academy.datadetective.config;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * A database URL that cannot be used; the message names the variable and the problem, never the password.
 * A {@link ConfigurationException}, so that Quarkus stops with this one line instead of a stack trace.
 */
public class InvalidDatabaseUrlException extends ConfigurationException {

    public InvalidDatabaseUrlException(String variable, String problem) {
        super(variable + " " + problem);
    }
}
