package academy.datadetective.config;

import java.util.Optional;

/**
 * The database the test profile connects to, for tests that have to reach it by other ways than the
 * datasource (such as a proxy in front of it). It follows the choice {@link EnvironmentConfigSourceFactory}
 * makes, so both end up at the same server.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** The server TEST_DATABASE_URL names, or else this JVM's embedded one (started here if no one has yet). */
    public static DatabaseUrl url() {
        String configured = System.getenv(EnvironmentConfigSourceFactory.TEST_DATABASE_URL);
        // The factory treats a blank variable as unset; doing the same keeps both on the embedded server then.
        if (configured != null && !configured.isBlank()) {
            return DatabaseUrl.parse(EnvironmentConfigSourceFactory.TEST_DATABASE_URL, configured);
        }
        return EmbeddedDatabase.startOrReuse(Optional.empty());
    }
}
