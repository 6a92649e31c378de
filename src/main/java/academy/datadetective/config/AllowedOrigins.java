package academy.datadetective.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The web origins whose pages may call the API from a browser ({@code ALLOWED_ORIGINS}). Quarkus's CORS filter is
 * switched on only when there is one: by default no {@code Access-Control-*} header is ever sent, so no browser lets
 * another site's scripts read an answer, while a front end served from the API's own address needs no setting (the
 * filter, once on, refuses an origin it cannot tell is the service's own, such as https seen as http behind an
 * ingress that ends TLS).
 */
final class AllowedOrigins {

    static final String VARIABLE = "ALLOWED_ORIGINS";
    static final String ORIGINS = "quarkus.http.cors.origins";
    static final String ENABLED = "quarkus.http.cors.enabled";
    static final String CREDENTIALS = "quarkus.http.cors.access-control-allow-credentials";
    static final String ANY = "*";

    private static final String EXAMPLE = "e.g. https://app.example.com or http://localhost:3000";

    private AllowedOrigins() {
    }

    /**
     * The CORS filter's properties for the configured origins: none when there are none, so that the filter stays off.
     *
     * @throws ConfigurationException naming the variable and the first entry that is not an origin
     */
    static Map<String, String> corsProperties(Function<String, Optional<String>> lookup) {
        List<String> origins = lookup.apply(ORIGINS).map(AllowedOrigins::parse).orElse(List.of());
        if (origins.isEmpty()) {
            return Map.of();
        }
        boolean credentials = lookup.apply(CREDENTIALS).map(value -> Boolean.parseBoolean(value.strip())).orElse(false);
        if (credentials && origins.contains(ANY)) {
            throw new ConfigurationException(VARIABLE + "=* cannot go with " + CREDENTIALS
                    + "=true: every web site could then make browsers send their users' credentials; list the origins instead");
        }
        return Map.of(ENABLED, "true", ORIGINS, String.join(",", origins));
    }

    /**
     * The comma-separated origins, each exactly as a browser sends it in its {@code Origin} header (the filter
     * compares them as strings), or {@code *} alone.
     */
    static List<String> parse(String value) {
        List<String> origins = new ArrayList<>();
        for (String entry : value.split(",")) {
            String origin = entry.strip();
            if (!origin.isEmpty()) {
                origins.add(checked(origin));
            }
        }
        if (origins.contains(ANY) && origins.size() > 1) {
            throw new ConfigurationException(VARIABLE + ": '*' allows every origin and cannot be listed with others");
        }
        return List.copyOf(origins);
    }

    private static String checked(String origin) {
        if (origin.equals(ANY)) {
            return origin;
        }
        if (origin.length() > 1 && origin.startsWith("/") && origin.endsWith("/")) {
            throw new ConfigurationException(VARIABLE + ": '" + origin + "' is a pattern; list each origin instead (" + EXAMPLE + ")");
        }
        Optional<String> serialized = serialized(origin);
        if (serialized.isEmpty()) {
            throw new ConfigurationException(VARIABLE + ": '" + origin + "' is not an origin: expected scheme://host[:port], " + EXAMPLE);
        }
        if (!serialized.get().equals(origin)) {
            throw new ConfigurationException(VARIABLE + ": '" + origin + "' never matches, since browsers send '" + serialized.get()
                    + "' (lower case, no path, no default port): write that");
        }
        return origin;
    }

    /** The origin a browser would send for a page at this address, if it is an http(s) address. */
    private static Optional<String> serialized(String address) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String port = uri.getPort() == -1 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort();
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port);
    }
}
