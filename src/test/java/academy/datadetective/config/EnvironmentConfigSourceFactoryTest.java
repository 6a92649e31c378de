package academy.datadetective.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

class EnvironmentConfigSourceFactoryTest {

    private static Map<String, String> mapped(Map<String, String> environment) {
        return EnvironmentConfigSourceFactory.mappedProperties(name -> Optional.ofNullable(environment.get(name)));
    }

    @Test
    void poolDefaultsToFiveKeptAndTenMoreOnDemand() {
        Map<String, String> properties = mapped(Map.of());
        assertEquals("5", properties.get("quarkus.datasource.jdbc.min-size"));
        assertEquals("5", properties.get("quarkus.datasource.jdbc.initial-size"));
        assertEquals("15", properties.get("quarkus.datasource.jdbc.max-size"));
    }

    @Test
    void poolSizeAndOverflowSetMinimumAndMaximum() {
        Map<String, String> properties = mapped(Map.of("DB_POOL_SIZE", "10", "DB_MAX_OVERFLOW", " 20 "));
        assertEquals("10", properties.get("quarkus.datasource.jdbc.min-size"));
        assertEquals("30", properties.get("quarkus.datasource.jdbc.max-size"));
    }

    @Test
    void zeroOverflowMeansAFixedPool() {
        assertEquals("5", mapped(Map.of("DB_MAX_OVERFLOW", "0")).get("quarkus.datasource.jdbc.max-size"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = { "-,-,-,true", "-,false,0,true", "-,TRUE,-,false", "-,-,250,false", "-,yes,000,true",
            "http://collector:4317,-,-,false" })
    void theSdkRunsOnlyForTracesOrTheSqlLog(String endpoint, String echo, String slowMs, String disabled) {
        Map<String, String> properties = new HashMap<>();
        Optional.ofNullable(endpoint).ifPresent(value -> properties.put("academy.telemetry.endpoint", value));
        Optional.ofNullable(echo).ifPresent(value -> properties.put("academy.telemetry.sql-echo", value));
        Optional.ofNullable(slowMs).ifPresent(value -> properties.put("academy.telemetry.slow-sql-ms", value));
        assertEquals(Map.of("quarkus.otel.sdk.disabled", disabled),
                EnvironmentConfigSourceFactory.telemetryProperties(name -> Optional.ofNullable(properties.get(name))));
    }

    @ParameterizedTest
    @CsvSource({ "DB_POOL_SIZE,0", "DB_POOL_SIZE,-1", "DB_POOL_SIZE,five", "DB_MAX_OVERFLOW,-3", "DB_MAX_OVERFLOW,1.5" })
    void badPoolNumbersStopStartupNamingTheVariable(String variable, String value) {
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> mapped(Map.of(variable, value)));
        assertTrue(error.getMessage().startsWith(variable + " must be a whole number"), error.getMessage());
    }

    @Test
    void jwtKeyFilesMapToSmallRyeLocations() {
        Map<String, String> properties = mapped(Map.of("JWT_PRIVATE_KEY_FILE", "/keys/private.pem", "JWT_PUBLIC_KEY_FILE", "/keys/public.pem"));
        assertEquals("/keys/private.pem", properties.get("smallrye.jwt.sign.key.location"));
        assertEquals("/keys/public.pem", properties.get("mp.jwt.verify.publickey.location"));
    }

    @Test
    void databaseUrlBecomesDatasourceProperties() {
        Map<String, String> properties = EnvironmentConfigSourceFactory.datasourceProperties(EnvironmentConfigSourceFactory.DEFAULT_DATASOURCE,
                DatabaseUrl.parse("DATABASE_URL", "postgresql://academy:pw@db:5432/academy?sslmode=require"));
        assertEquals("jdbc:postgresql://db:5432/academy?sslmode=require", properties.get("quarkus.datasource.jdbc.url"));
        assertEquals("academy", properties.get("quarkus.datasource.username"));
        assertEquals("pw", properties.get("quarkus.datasource.password"));
    }

    @Test
    void urlWithoutCredentialsLeavesUserAndPasswordToOtherSources() {
        Map<String, String> properties = EnvironmentConfigSourceFactory.datasourceProperties(EnvironmentConfigSourceFactory.DEFAULT_DATASOURCE,
                DatabaseUrl.parse("DATABASE_URL", "postgresql://db/academy"));
        assertFalse(properties.containsKey("quarkus.datasource.username"));
        assertFalse(properties.containsKey("quarkus.datasource.password"));
    }

    @Test
    void theSandboxIsTheApplicationsServerWithItsOwnDatabaseUnlessConfigured() {
        Map<String, String> application = Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/acad%20emy?sslmode=require",
                "quarkus.datasource.username", "academy", "quarkus.datasource.password", "pw");
        Map<String, String> derived = EnvironmentConfigSourceFactory.sandboxProperties(name -> Optional.empty(),
                name -> Optional.ofNullable(application.get(name)));
        assertEquals("jdbc:postgresql://db:5432/acad%20emy_sandbox?sslmode=require", derived.get("quarkus.datasource.sandbox.jdbc.url"));
        assertEquals("academy", derived.get("quarkus.datasource.sandbox.username"));
        assertEquals("pw", derived.get("quarkus.datasource.sandbox.password"));
        assertEquals("acad emy_sandbox", DatabaseUrl.database(derived.get("quarkus.datasource.sandbox.jdbc.url")));

        Map<String, String> configured = EnvironmentConfigSourceFactory.sandboxProperties(
                name -> Optional.of("postgresql://reader:other@sandbox-db/queries").filter(url -> name.equals("DATASET_SANDBOX_DATABASE_URL")),
                name -> Optional.ofNullable(application.get(name)));
        assertEquals("jdbc:postgresql://sandbox-db/queries", configured.get("quarkus.datasource.sandbox.jdbc.url"));
        assertEquals("reader", configured.get("quarkus.datasource.sandbox.username"));
    }
}
