package academy.datadetective.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * How DATABASE_URL and the standard quarkus.datasource.* properties combine, and how the variables that
 * application.properties reads win over its own values, as an operator would set them.
 */
class ConfigurationPrecedenceTest {

    /** The environment's ordinal: what an operator exports. */
    private static final int ENVIRONMENT = 300;
    /** application.properties' ordinal. */
    private static final int APPLICATION_PROPERTIES = 250;

    private static SmallRyeConfig prodConfig(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(environment, "environment", ENVIRONMENT))
                .withSources(new EnvironmentConfigSourceFactory())
                .build();
    }

    @Test
    void databaseUrlAloneConfiguresTheDatasource() {
        SmallRyeConfig config = prodConfig(Map.of("DATABASE_URL", "postgresql://academy:pw@db:5432/academy", "DB_POOL_SIZE", "8"));
        assertEquals("jdbc:postgresql://db:5432/academy", config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("academy", config.getValue("quarkus.datasource.username", String.class));
        assertEquals("pw", config.getValue("quarkus.datasource.password", String.class));
        assertEquals(18, config.getValue("quarkus.datasource.jdbc.max-size", Integer.class));
    }

    @Test
    void standardQuarkusPropertiesWinOverDatabaseUrl() {
        SmallRyeConfig config = prodConfig(Map.of(
                "DATABASE_URL", "postgresql://academy:pw@db:5432/academy",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://explicit:6543/other",
                "quarkus.datasource.username", "operator",
                "quarkus.datasource.jdbc.max-size", "40"));
        assertEquals("jdbc:postgresql://explicit:6543/other", config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("operator", config.getValue("quarkus.datasource.username", String.class));
        assertEquals(40, config.getValue("quarkus.datasource.jdbc.max-size", Integer.class));
    }

    @Test
    void aSingleStandardPropertyOverridesJustItsPartOfTheUrl() {
        SmallRyeConfig config = prodConfig(Map.of(
                "DATABASE_URL", "postgresql://academy:pw@db:5432/academy",
                "quarkus.datasource.password", "rotated-secret"));
        assertEquals("jdbc:postgresql://db:5432/academy", config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("academy", config.getValue("quarkus.datasource.username", String.class));
        assertEquals("rotated-secret", config.getValue("quarkus.datasource.password", String.class));
    }

    @Test
    void aMalformedUrlStopsConfigurationWithoutThePassword() {
        InvalidDatabaseUrlException error = assertThrows(InvalidDatabaseUrlException.class,
                () -> prodConfig(Map.of("DATABASE_URL", "postgresql://academy:hunter2@db:port/academy")));
        assertTrue(error.getMessage().startsWith("DATABASE_URL has an invalid port"), error.getMessage());
        assertTrue(!error.getMessage().contains("hunter2"), error.getMessage());
    }

    /** The service's own application.properties, its profiles and expressions, under the operator's environment. */
    private static SmallRyeConfig applicationConfig(String profile, Map<String, String> environment) throws IOException {
        Map<String, String> variables = new HashMap<>(environment);
        // Any database, so that the dev and test profiles start no embedded one.
        variables.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/academy");
        URL properties = ConfigurationPrecedenceTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, APPLICATION_PROPERTIES))
                .withSources(new PropertiesConfigSource(variables, "environment", ENVIRONMENT))
                .withSources(new EnvironmentConfigSourceFactory())
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = { "prod", "dev", "test" })
    void sqlLogVariablesWinOverApplicationPropertiesAndStartTheSdk(String profile) throws IOException {
        SmallRyeConfig config = applicationConfig(profile, Map.of("DB_ECHO", "true", "DB_SLOW_QUERY_MS", "250"));
        assertEquals(true, config.getValue("academy.telemetry.sql-echo", Boolean.class));
        assertEquals(250L, config.getValue("academy.telemetry.slow-sql-ms", Long.class));
        assertEquals(false, config.getValue("quarkus.otel.sdk.disabled", Boolean.class));
    }

    @ParameterizedTest
    @ValueSource(strings = { "prod", "dev", "test" })
    void withoutTracingOrSqlLogTheSdkStaysOff(String profile) throws IOException {
        SmallRyeConfig config = applicationConfig(profile, Map.of());
        assertEquals(false, config.getValue("academy.telemetry.sql-echo", Boolean.class));
        assertEquals(0L, config.getValue("academy.telemetry.slow-sql-ms", Long.class));
        assertEquals(true, config.getValue("quarkus.otel.sdk.disabled", Boolean.class));
    }

    @Test
    void anEndpointAloneStartsTheSdkAndIsTheExportersToo() throws IOException {
        SmallRyeConfig config = applicationConfig("prod", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "OTEL_SERVICE_NAME", "academy-eu"));
        assertEquals(false, config.getValue("quarkus.otel.sdk.disabled", Boolean.class));
        assertEquals("http://collector:4317", config.getValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class));
        assertEquals("academy-eu", config.getValue("quarkus.otel.service.name", String.class));
    }

    @Test
    void anOperatorMayStillForceTheSdkOff() throws IOException {
        SmallRyeConfig config = applicationConfig("prod", Map.of("DB_ECHO", "true", "quarkus.otel.sdk.disabled", "true"));
        assertEquals(true, config.getValue("quarkus.otel.sdk.disabled", Boolean.class));
    }
}
