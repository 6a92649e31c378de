package academy.datadetective.migration;

/** Migration or rollback work that could not be done; the message says which version and why. */
public class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
