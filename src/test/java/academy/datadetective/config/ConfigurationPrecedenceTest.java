package academy.datadetective.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** How DATABASE_URL and the standard quarkus.datasource.* properties combine, as an operator would set them. */
class ConfigurationPrecedenceTest {

    /** The environment's ordinal: what an operator exports. */
    private static final int ENVIRONMENT = 300;

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
}
