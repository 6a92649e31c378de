package academy.datadetective.health;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One application for the tests of what lies around the service: HTTPS with a throw-away certificate
 * ({@link HttpsTest}), the database reached through a proxy that a test can cut ({@link DatabaseOutageTest}),
 * and a web front end on another origin ({@code config.CrossOriginTest}).
 */
public class OwnNetwork implements QuarkusTestProfile {

    /** The browser front end that ALLOWED_ORIGINS lets in, beside a developer's local one. */
    public static final String FRONT_END = "https://front.academy.test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // Bound each check should the outage show up as a stall rather than as a refused connection.
                "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                "quarkus.datasource.jdbc.additional-jdbc-properties.connectTimeout", "2",
                "ALLOWED_ORIGINS", FRONT_END + ", http://localhost:5173");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DatabaseProxyResource.class), new TestResourceEntry(ThrowAwayCertificateResource.class));
    }
}
