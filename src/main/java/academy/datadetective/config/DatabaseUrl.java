package academy.datadetective.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A PostgreSQL connection URL in the libpq form the seed guide documents
 * ({@code postgresql://user:password@host:port/dbname?sslmode=require}), translated to what the JDBC
 * driver and the connection pool take.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> username, Optional<String> password) {

    private static final String EXAMPLE = "postgresql://user:password@host:5432/dbname";

    /** libpq parameter names whose pgjdbc spelling differs; the others are passed on as they are. */
    private static final Map<String, String> JDBC_PARAMETER_NAMES = Map.of(
            "connect_timeout", "connectTimeout",
            "application_name", "ApplicationName",
            "target_session_attrs", "targetServerType");

    /**
     * @param variable the name of the variable the value came from, for error messages
     * @throws InvalidDatabaseUrlException naming the variable and the problem, never the password
     */
    public static DatabaseUrl parse(String variable, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidDatabaseUrlException(variable, "is empty; expected " + EXAMPLE);
        }
        String url = value.strip();
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new InvalidDatabaseUrlException(variable, "is not a URL; expected " + EXAMPLE);
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!isPostgresScheme(scheme)) {
            throw new InvalidDatabaseUrlException(variable,
                    "has scheme '" + printable(scheme) + "'; expected postgresql:// or postgres://");
        }
        String rest = url.substring(schemeEnd + 3);
        int queryStart = rest.indexOf('?');
        String query = queryStart < 0 ? "" : rest.substring(queryStart + 1);
        String beforeQuery = queryStart < 0 ? rest : rest.substring(0, queryStart);
        // The password may contain an unencoded '/', so the host part starts after the last '@'.
        int at = beforeQuery.lastIndexOf('@');
        String userInfo = at < 0 ? null : beforeQuery.substring(0, at);
        String hostAndPath = at < 0 ? beforeQuery : beforeQuery.substring(at + 1);
        int pathStart = hostAndPath.indexOf('/');
        String hosts = pathStart < 0 ? hostAndPath : hostAndPath.substring(0, pathStart);
        String database = pathStart < 0 ? "" : decode(variable, "database name", hostAndPath.substring(pathStart + 1));

        Optional<String> username = Optional.empty();
        Optional<String> password = Optional.empty();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (!rawUser.isEmpty()) {
                username = Optional.of(decode(variable, "user name", rawUser));
            }
            if (colon >= 0) {
                password = Optional.of(decode(variable, "password", userInfo.substring(colon + 1)));
            }
        }

        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(variable, "query parameter name", eq < 0 ? pair : pair.substring(0, eq));
            String parameterValue = eq < 0 ? "" : decode(variable, "query parameter '" + printable(name) + "'", pair.substring(eq + 1));
            switch (name) {
                case "user" -> username = Optional.of(parameterValue);
                case "password" -> password = Optional.of(parameterValue);
                case "dbname" -> database = parameterValue;
                case "host", "port" -> throw new InvalidDatabaseUrlException(variable,
                        "sets '" + name + "' as a query parameter; put the host and port before the database name");
                default -> parameters.put(JDBC_PARAMETER_NAMES.getOrDefault(name, name), parameterValue);
            }
        }

        if (database.isEmpty()) {
            throw new InvalidDatabaseUrlException(variable, "has no database name; expected " + EXAMPLE);
        }
        return new DatabaseUrl(
                "jdbc:postgresql://" + validHosts(variable, hosts) + "/" + encode(database) + jdbcQuery(parameters),
                username, password);
    }

    /** The same server and credentials, and the database named after this one with {@code _sandbox}. */
    public DatabaseUrl sandbox() {
        return withDatabase(database(jdbcUrl) + "_sandbox");
    }

    /** The same server, credentials and parameters (sslmode…), another database. */
    public DatabaseUrl withDatabase(String database) {
        int path = pathStart(jdbcUrl);
        int query = jdbcUrl.indexOf('?', path);
        return new DatabaseUrl(jdbcUrl.substring(0, path + 1) + encode(database) + (query < 0 ? "" : jdbcUrl.substring(query)), username,
                password);
    }

    /** The database a {@code jdbc:postgresql://hosts/name?…} URL names. */
    public static String database(String jdbcUrl) {
        int path = pathStart(jdbcUrl);
        int query = jdbcUrl.indexOf('?', path);
        return URLDecoder.decode(jdbcUrl.substring(path + 1, query < 0 ? jdbcUrl.length() : query).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int pathStart(String jdbcUrl) {
        String prefix = "jdbc:postgresql://";
        int path = jdbcUrl.startsWith(prefix) ? jdbcUrl.indexOf('/', prefix.length()) : -1;
        if (path < 0) {
            throw new IllegalArgumentException("Not a jdbc:postgresql://host/database URL: the database name cannot be found");
        }
        return path;
    }

    private static boolean isPostgresScheme(String scheme) {
        // SQLAlchemy-style driver suffixes (postgresql+psycopg2://) name the Python driver, not the database.
        String base = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
        return base.equals("postgresql") || base.equals("postgres");
    }

    private static String validHosts(String variable, String hosts) {
        if (hosts.isEmpty()) {
            throw new InvalidDatabaseUrlException(variable, "has no host; expected " + EXAMPLE);
        }
        StringJoiner joined = new StringJoiner(",");
        for (String hostPort : hosts.split(",", -1)) {
            joined.add(validHostPort(variable, hostPort));
        }
        return joined.toString();
    }

    private static String validHostPort(String variable, String hostPort) {
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidDatabaseUrlException(variable, "has an IPv6 host without its closing ']'");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new InvalidDatabaseUrlException(variable, "has characters after the IPv6 host");
                }
                port = after.substring(1);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw new InvalidDatabaseUrlException(variable, "has no host; expected " + EXAMPLE);
        }
        if (!host.startsWith("[") && !host.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidDatabaseUrlException(variable,
                    "has a host with characters a host name cannot contain (is an '@' or ':' in the password not percent-encoded?)");
        }
        if (port == null) {
            return host;
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new InvalidDatabaseUrlException(variable,
                    "has an invalid port; expected a number from 1 to 65535 (is a ':' or '/' in the password not percent-encoded?)");
        }
        return host + ":" + port;
    }

    private static String jdbcQuery(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        StringJoiner query = new StringJoiner("&", "?", "");
        parameters.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
        return query.toString();
    }

    private static String decode(String variable, String part, String raw) {
        try {
            // URLDecoder follows the form-encoding rules, where '+' means a space; in a URL it is a plus.
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidDatabaseUrlException(variable, "has an invalid percent-encoding in the " + part);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Parts of a rejected URL are quoted back only when short and plain, so that a misplaced password never is. */
    private static String printable(String part) {
        return part.length() <= 20 && part.matches("[A-Za-z0-9+._-]*") ? part : "…";
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + username.orElse("") + ", password=" + (password.isPresent() ? "***" : "") + "]";
    }
}
