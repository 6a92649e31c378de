package academy.datadetective.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The packaged application's operations defaults, read from application.properties under each profile as
 * Quarkus reads them: booting the prod profile in a test would cost an application start (and .ci/run checks
 * the packaged jar's answers on both ports).
 */
class OperationsDefaultsTest {

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(OperationsDefaultsTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }

    @Test
    void productionServesNoApiDescriptionAndHealthAndMetricsOnTheManagementPort() throws IOException {
        SmallRyeConfig prod = config("prod", Map.of());
        assertEquals(false, prod.getValue("quarkus.smallrye-openapi.enabled", Boolean.class));
        assertEquals(false, prod.getValue("quarkus.swagger-ui.enabled", Boolean.class));
        assertEquals(true, prod.getValue("quarkus.management.enabled", Boolean.class));
        assertEquals(9000, prod.getValue("quarkus.management.port", Integer.class));
    }

    @Test
    void operatorsMayOptInAndMoveTheManagementPort() throws IOException {
        SmallRyeConfig prod = config("prod", Map.of("OPENAPI_ENABLED", "true", "SWAGGER_UI_ENABLED", "true", "MANAGEMENT_PORT", "9100"));
        assertEquals(true, prod.getValue("quarkus.smallrye-openapi.enabled", Boolean.class));
        assertEquals(true, prod.getValue("quarkus.swagger-ui.enabled", Boolean.class));
        assertEquals(9100, prod.getValue("quarkus.management.port", Integer.class));
    }

    @Test
    void devAndTestDescribeTheApi() throws IOException {
        for (String profile : new String[] { "dev", "test" }) {
            SmallRyeConfig config = config(profile, Map.of());
            assertEquals(true, config.getValue("quarkus.smallrye-openapi.enabled", Boolean.class), profile);
            assertEquals(true, config.getValue("quarkus.swagger-ui.enabled", Boolean.class), profile);
        }
    }
}
