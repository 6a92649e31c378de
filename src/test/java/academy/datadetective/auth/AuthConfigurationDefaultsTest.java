package academy.datadetective.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import academy.datadetective.config.EnvironmentConfigSourceFactory;

/** What application.properties gives an operator who sets nothing, read as the packaged application reads it. */
class AuthConfigurationDefaultsTest {

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(AuthConfigurationDefaultsTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new EnvironmentConfigSourceFactory())
                .build();
    }

    @Test
    void teacherSelfRegistrationIsClosedOutsideDevUnlessAnOperatorOpensIt() throws IOException {
        String property = "academy.auth.registration-teacher-allowed";
        assertEquals(false, config("prod", Map.of()).getValue(property, Boolean.class));
        assertEquals(true, config("dev", Map.of()).getValue(property, Boolean.class));
        assertEquals(true, config("prod", Map.of("REGISTRATION_TEACHER_ALLOWED", "true")).getValue(property, Boolean.class));
    }

    @Test
    void forwardedHeadersAreBelievedOnlyFromTrustedProxies() throws IOException {
        String forwarding = "quarkus.http.proxy.proxy-address-forwarding";
        assertEquals(false, config("prod", Map.of()).getValue(forwarding, Boolean.class));

        // Trusting every peer would let any client choose its address for throttling: forwarding stays off.
        SmallRyeConfig untrusted = config("prod", Map.of("PROXY_ADDRESS_FORWARDING", "true"));
        assertEquals(false, untrusted.getValue(forwarding, Boolean.class));
        assertEquals(false, untrusted.getValue("quarkus.http.proxy.allow-x-forwarded", Boolean.class));

        SmallRyeConfig trusted = config("prod", Map.of("PROXY_ADDRESS_FORWARDING", "true", "TRUSTED_PROXIES", "10.0.0.0/8"));
        assertEquals(true, trusted.getValue(forwarding, Boolean.class));
        assertEquals(true, trusted.getValue("quarkus.http.proxy.allow-x-forwarded", Boolean.class));
        assertEquals("10.0.0.0/8", trusted.getValue("quarkus.http.proxy.trusted-proxies", String.class));
        assertEquals(false, config("prod", Map.of("TRUSTED_PROXIES", "10.0.0.0/8")).getValue(forwarding, Boolean.class));
    }
}
