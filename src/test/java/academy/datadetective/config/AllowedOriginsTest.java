package academy.datadetective.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** ALLOWED_ORIGINS as an operator sets it, through the service's own application.properties. */
class AllowedOriginsTest {

    /** The ordinals Quarkus gives application.properties and the environment. */
    private static final int APPLICATION_PROPERTIES = 250;
    private static final int ENVIRONMENT = 300;

    private static SmallRyeConfig prodConfig(Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("DATABASE_URL", "postgresql://academy@db:5432/academy");
        try {
            return new SmallRyeConfigBuilder()
                    .withProfile("prod")
                    .withSources(new PropertiesConfigSource(AllowedOriginsTest.class.getResource("/application.properties"), APPLICATION_PROPERTIES))
                    .withSources(new EnvConfigSource(environment, ENVIRONMENT))
                    .withSources(new EnvironmentConfigSourceFactory())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean corsEnabled(SmallRyeConfig config) {
        return config.getOptionalValue(AllowedOrigins.ENABLED, Boolean.class).orElse(false);
    }

    @Test
    void withoutAllowedOriginsTheCorsFilterStaysOff() {
        SmallRyeConfig config = prodConfig(Map.of());
        assertFalse(corsEnabled(config));
        assertEquals(Optional.empty(), config.getOptionalValues(AllowedOrigins.ORIGINS, String.class));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", ",", " , " })
    void anEmptyListIsNoOrigin(String value) {
        assertFalse(corsEnabled(prodConfig(Map.of("ALLOWED_ORIGINS", value))));
    }

    @Test
    void listedOriginsSwitchTheFilterOnTrimmed() {
        SmallRyeConfig config = prodConfig(Map.of("ALLOWED_ORIGINS", " https://app.example.com , http://localhost:3000,"));
        assertTrue(corsEnabled(config));
        assertEquals(List.of("https://app.example.com", "http://localhost:3000"), config.getValues(AllowedOrigins.ORIGINS, String.class));
        assertEquals(false, config.getValue(AllowedOrigins.CREDENTIALS, Boolean.class));
        assertEquals(List.of("Authorization", "Content-Type", "X-Request-ID"), config.getValues("quarkus.http.cors.headers", String.class));
    }

    @Test
    void theStandardQuarkusPropertySwitchesTheFilterOnToo() {
        SmallRyeConfig config = prodConfig(Map.of("QUARKUS_HTTP_CORS_ORIGINS", "https://app.example.com"));
        assertTrue(corsEnabled(config));
        assertEquals(List.of("https://app.example.com"), config.getValues(AllowedOrigins.ORIGINS, String.class));
    }

    @Test
    void anExplicitQuarkusSettingWins() {
        assertFalse(corsEnabled(prodConfig(Map.of("ALLOWED_ORIGINS", "https://app.example.com", "QUARKUS_HTTP_CORS_ENABLED", "false"))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://app.example.com", "http://localhost:3000", "https://app.example.com:8443", "http://[::1]:5173",
            "http://127.0.0.1:8080", "*" })
    void browsersOriginsAreAccepted(String origin) {
        assertEquals(List.of(origin), AllowedOrigins.parse(origin));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://app.example.com/|never matches, since browsers send 'https://app.example.com'",
            "https://App.Example.com|never matches, since browsers send 'https://app.example.com'",
            "HTTPS://app.example.com|never matches, since browsers send 'https://app.example.com'",
            "https://app.example.com:443|never matches, since browsers send 'https://app.example.com'",
            "http://localhost:80/app|never matches, since browsers send 'http://localhost'",
            "app.example.com|is not an origin: expected scheme://host[:port]",
            "ftp://app.example.com|is not an origin",
            "https://user@app.example.com|is not an origin",
            "https://app.example.com?x=1|is not an origin",
            "https://app example.com|is not an origin",
            "null|is not an origin",
            "/https://.*\\.example\\.com/|is a pattern; list each origin instead" })
    void whatIsNotABrowsersOriginStopsTheStartNamingIt(String origin, String problem) {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> prodConfig(Map.of("ALLOWED_ORIGINS", "http://localhost:3000," + origin)));
        assertTrue(error.getMessage().startsWith("ALLOWED_ORIGINS: '" + origin + "' " + problem), error.getMessage());
    }

    @Test
    void anyOriginStandsAlone() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> prodConfig(Map.of("ALLOWED_ORIGINS", "*,https://app.example.com")));
        assertEquals("ALLOWED_ORIGINS: '*' allows every origin and cannot be listed with others", error.getMessage());
    }

    @Test
    void anyOriginWithCredentialsStopsTheStart() {
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> prodConfig(
                Map.of("ALLOWED_ORIGINS", "*", "QUARKUS_HTTP_CORS_ACCESS_CONTROL_ALLOW_CREDENTIALS", "true")));
        assertTrue(error.getMessage().startsWith("ALLOWED_ORIGINS=* cannot go with quarkus.http.cors.access-control-allow-credentials=true"),
                error.getMessage());
        assertTrue(corsEnabled(prodConfig(Map.of("ALLOWED_ORIGINS", "*"))));
    }
}
