package academy.datadetective.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What application.properties gives an operator who sets nothing, read as the packaged application reads it. */
class AuthConfigurationDefaultsTest {

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(AuthConfigurationDefaultsTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }

    @Test
    void teacherSelfRegistrationIsClosedOutsideDevUnlessAnOperatorOpensIt() throws IOException {
        String property = "academy.auth.registration-teacher-allowed";
        assertEquals(false, config("prod", Map.of()).getValue(property, Boolean.class));
        assertEquals(true, config("dev", Map.of()).getValue(property, Boolean.class));
        assertEquals(true, config("prod", Map.of("REGISTRATION_TEACHER_ALLOWED", "true")).getValue(property, Boolean.class));
    }
}
