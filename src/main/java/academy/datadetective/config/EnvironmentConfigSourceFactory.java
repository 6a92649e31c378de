package academy.datadetective.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Turns the operators' environment variables (the seed guide's {@code DATABASE_URL}, {@code DB_POOL_SIZE},
 * {@code DB_MAX_OVERFLOW}, {@code DB_ECHO}, and the JWT key files) into Quarkus properties, keeps forwarded
 * headers off unless {@code TRUSTED_PROXIES} names who may send them, and in the dev and test profiles starts
 * an embedded PostgreSQL when no database is configured.
 */
public class EnvironmentConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300), so explicit quarkus.datasource.* win. */
    static final int ORDINAL = 200;

    /** Above application.properties, which maps PROXY_ADDRESS_FORWARDING alone; below explicit quarkus.http.proxy.*. */
    static final int FORWARDING_ORDINAL = 260;

    static final String DATABASE_URL = "DATABASE_URL";
    static final String TEST_DATABASE_URL = "TEST_DATABASE_URL";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean test = profiles.contains("test");
        boolean dev = profiles.contains("dev");
        Function<String, Optional<String>> lookup = name -> explicitValue(context, name);
        Map<String, String> properties = new HashMap<>(mappedProperties(lookup));

        if (lookup.apply("quarkus.datasource.jdbc.url").isEmpty()) {
            // Tests never read DATABASE_URL, so that a shell pointed at a real database cannot have it wiped by a test.
            String variable = test ? TEST_DATABASE_URL : DATABASE_URL;
            Optional<String> url = lookup.apply(variable);
            if (url.isPresent()) {
                properties.putAll(datasourceProperties(DatabaseUrl.parse(variable, url.get())));
            } else if (dev || test) {
                Optional<Path> dataDirectory = test ? Optional.empty()
                        : Optional.of(Path.of(lookup.apply("academy.embedded-database.data-dir").orElse(".devdb")));
                properties.putAll(datasourceProperties(EmbeddedDatabase.startOrReuse(dataDirectory)));
            } else if (isPackagedApplication()) {
                throw new ConfigurationException(DATABASE_URL + " is not set: the service needs a PostgreSQL database,"
                        + " e.g. DATABASE_URL=postgresql://user:password@host:5432/dbname (or set quarkus.datasource.jdbc.url)");
            }
        }
        return List.of(new MapBackedConfigSource("academy-environment", properties, ORDINAL) {
        }, new MapBackedConfigSource("academy-forwarding", forwardingProperties(lookup), FORWARDING_ORDINAL) {
        });
    }

    /**
     * Forwarded headers from a peer that is not a known proxy are anyone's word: with PROXY_ADDRESS_FORWARDING but
     * no TRUSTED_PROXIES, Quarkus would believe every client's X-Forwarded-For, so forwarding stays off instead
     * (AuthStartupWarnings says so at startup).
     */
    static Map<String, String> forwardingProperties(Function<String, Optional<String>> lookup) {
        boolean requested = lookup.apply("PROXY_ADDRESS_FORWARDING").map(value -> Boolean.parseBoolean(value.strip())).orElse(false);
        if (requested && lookup.apply("TRUSTED_PROXIES").isEmpty()) {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "false", "quarkus.http.proxy.allow-x-forwarded", "false");
        }
        return Map.of();
    }

    /** The variables that map one to one, or nearly, onto Quarkus properties. */
    static Map<String, String> mappedProperties(Function<String, Optional<String>> lookup) {
        Map<String, String> properties = new HashMap<>();
        int poolSize = wholeNumber(lookup, "DB_POOL_SIZE", 1).orElse(5);
        int maxOverflow = wholeNumber(lookup, "DB_MAX_OVERFLOW", 0).orElse(10);
        properties.put("quarkus.datasource.jdbc.min-size", Integer.toString(poolSize));
        properties.put("quarkus.datasource.jdbc.initial-size", Integer.toString(poolSize));
        properties.put("quarkus.datasource.jdbc.max-size", Integer.toString(poolSize + maxOverflow));
        lookup.apply("DB_ECHO").ifPresent(echo -> properties.put("quarkus.hibernate-orm.log.sql",
                Boolean.toString(Boolean.parseBoolean(echo.strip()))));
        // smallrye-jwt reads these locations as required values, so an empty ${VAR:} default would break it.
        lookup.apply("JWT_PRIVATE_KEY_FILE").ifPresent(file -> properties.put("smallrye.jwt.sign.key.location", file));
        lookup.apply("JWT_PUBLIC_KEY_FILE").ifPresent(file -> properties.put("mp.jwt.verify.publickey.location", file));
        return properties;
    }

    static Map<String, String> datasourceProperties(DatabaseUrl url) {
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.datasource.jdbc.url", url.jdbcUrl());
        url.username().ifPresent(user -> properties.put("quarkus.datasource.username", user));
        url.password().ifPresent(password -> properties.put("quarkus.datasource.password", password));
        return properties;
    }

    /** The build also reads this configuration in the prod profile, and has no database to ask for. */
    private static boolean isPackagedApplication() {
        try {
            Class.forName("io.quarkus.deployment.QuarkusAugmentor", false, EnvironmentConfigSourceFactory.class.getClassLoader());
            return false;
        } catch (ClassNotFoundException e) {
            return true;
        }
    }

    private static OptionalInt wholeNumber(Function<String, Optional<String>> lookup, String variable, int minimum) {
        Optional<String> raw = lookup.apply(variable);
        if (raw.isEmpty()) {
            return OptionalInt.empty();
        }
        String value = raw.get().strip();
        if (!value.matches("[0-9]{1,6}") || Integer.parseInt(value) < minimum) {
            throw new ConfigurationException(variable + " must be a whole number of at least " + minimum
                    + " (got '" + (value.length() > 12 ? value.substring(0, 12) + "…" : value) + "')");
        }
        return OptionalInt.of(Integer.parseInt(value));
    }

    private static Optional<String> explicitValue(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank()
                ? Optional.empty()
                : Optional.of(value.getValue());
    }
}
