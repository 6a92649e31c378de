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
 * {@code DB_MAX_OVERFLOW}, and the JWT key files) into Quarkus properties, keeps forwarded headers off unless
 * {@code TRUSTED_PROXIES} names who may send them, switches the CORS filter on only for {@code ALLOWED_ORIGINS}
 * ({@link AllowedOrigins}), starts the OpenTelemetry SDK only when traces or the SQL log need it, and in the dev
 * and test profiles starts an embedded PostgreSQL when no database is configured.
 * A variable that application.properties also maps is read there instead: this source's ordinal is below it.
 */
public class EnvironmentConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300), so explicit quarkus.datasource.* win. */
    static final int ORDINAL = 200;

    /**
     * Above application.properties, which maps PROXY_ADDRESS_FORWARDING and ALLOWED_ORIGINS alone; below explicit
     * quarkus.http.proxy.* and quarkus.http.cors.*.
     */
    static final int HTTP_ORDINAL = 260;

    static final String DATABASE_URL = "DATABASE_URL";
    static final String TEST_DATABASE_URL = "TEST_DATABASE_URL";
    static final String SANDBOX_DATABASE_URL = "DATASET_SANDBOX_DATABASE_URL";
    static final String DEFAULT_DATASOURCE = "quarkus.datasource.";
    private static final String SANDBOX_DATASOURCE = "quarkus.datasource.sandbox.";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean test = profiles.contains("test");
        boolean dev = profiles.contains("dev");
        Function<String, Optional<String>> lookup = name -> explicitValue(context, name);
        Map<String, String> properties = new HashMap<>(mappedProperties(lookup));
        properties.putAll(telemetryProperties(lookup));

        if (lookup.apply("quarkus.datasource.jdbc.url").isEmpty()) {
            // Tests never read DATABASE_URL, so that a shell pointed at a real database cannot have it wiped by a test.
            String variable = test ? TEST_DATABASE_URL : DATABASE_URL;
            Optional<String> url = lookup.apply(variable);
            if (url.isPresent()) {
                properties.putAll(datasourceProperties(DEFAULT_DATASOURCE, DatabaseUrl.parse(variable, url.get())));
            } else if (dev || test) {
                Optional<Path> dataDirectory = test ? Optional.empty()
                        : Optional.of(Path.of(lookup.apply("academy.embedded-database.data-dir").orElse(".devdb")));
                properties.putAll(datasourceProperties(DEFAULT_DATASOURCE, EmbeddedDatabase.startOrReuse(dataDirectory)));
            } else if (isPackagedApplication()) {
                throw new ConfigurationException(DATABASE_URL + " is not set: the service needs a PostgreSQL database,"
                        + " e.g. DATABASE_URL=postgresql://user:password@host:5432/dbname (or set quarkus.datasource.jdbc.url)");
            }
        }
        if (lookup.apply(SANDBOX_DATASOURCE + "jdbc.url").isEmpty()) {
            properties.putAll(sandboxProperties(test ? name -> Optional.empty() : lookup, name -> lookup.apply(name).or(
                    () -> Optional.ofNullable(properties.get(name)))));
        }
        return List.of(new MapBackedConfigSource("academy-environment", properties, ORDINAL) {
        }, new MapBackedConfigSource("academy-forwarding", forwardingProperties(lookup), HTTP_ORDINAL) {
        }, new MapBackedConfigSource("academy-cors", AllowedOrigins.corsProperties(lookup), HTTP_ORDINAL) {
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
        // smallrye-jwt reads these locations as required values, so an empty ${VAR:} default would break it.
        lookup.apply("JWT_PRIVATE_KEY_FILE").ifPresent(file -> properties.put("smallrye.jwt.sign.key.location", file));
        lookup.apply("JWT_PUBLIC_KEY_FILE").ifPresent(file -> properties.put("mp.jwt.verify.publickey.location", file));
        return properties;
    }

    /**
     * The OpenTelemetry SDK runs for traces (an OTLP endpoint) or for the SQL log (DB_ECHO, DB_SLOW_QUERY_MS), which
     * reads statements from their spans; otherwise it stays off, and with it the datasources' JDBC wrapper (Quarkus
     * wraps a datasource only while the SDK runs) and every span: the service pays nothing for tracing it does not do.
     *
     * @param lookup the academy.telemetry.* properties, as application.properties reads them from the variables
     */
    static Map<String, String> telemetryProperties(Function<String, Optional<String>> lookup) {
        boolean needed = lookup.apply("academy.telemetry.endpoint").isPresent()
                || lookup.apply("academy.telemetry.sql-echo").map(echo -> Boolean.parseBoolean(echo.strip())).orElse(false)
                || lookup.apply("academy.telemetry.slow-sql-ms").map(threshold -> !threshold.strip().matches("0*")).orElse(false);
        return Map.of("quarkus.otel.sdk.disabled", Boolean.toString(!needed));
    }

    /**
     * The sandbox where teachers' queries run: DATASET_SANDBOX_DATABASE_URL, or else the application's server
     * and credentials with the database {@code <name>_sandbox} (DatabaseUrl#sandbox). Tests always take the
     * latter, beside their own database.
     *
     * @param variables the operator's variables
     * @param application the application's datasource properties, wherever they came from
     */
    static Map<String, String> sandboxProperties(Function<String, Optional<String>> variables,
            Function<String, Optional<String>> application) {
        Optional<String> configured = variables.apply(SANDBOX_DATABASE_URL);
        if (configured.isPresent()) {
            return datasourceProperties(SANDBOX_DATASOURCE, DatabaseUrl.parse(SANDBOX_DATABASE_URL, configured.get()));
        }
        return application.apply(DEFAULT_DATASOURCE + "jdbc.url")
                .map(url -> datasourceProperties(SANDBOX_DATASOURCE, new DatabaseUrl(url, application.apply(DEFAULT_DATASOURCE + "username"),
                        application.apply(DEFAULT_DATASOURCE + "password")).sandbox()))
                .orElse(Map.of());
    }

    static Map<String, String> datasourceProperties(String prefix, DatabaseUrl url) {
        Map<String, String> properties = new HashMap<>();
        properties.put(prefix + "jdbc.url", url.jdbcUrl());
        url.username().ifPresent(user -> properties.put(prefix + "username", user));
        url.password().ifPresent(password -> properties.put(prefix + "password", password));
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
