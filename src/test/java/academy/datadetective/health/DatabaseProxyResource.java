package academy.datadetective.health;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import academy.datadetective.config.DatabaseUrl;
import academy.datadetective.config.TestDatabase;

/**
 * Puts a {@link TcpProxy} between the service and the test database, so that a test can take the database
 * away and give it back while the service keeps running. Inject the proxy with {@link InjectDatabaseProxy}.
 */
public class DatabaseProxyResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's {@link TcpProxy} field that receives the proxy in front of the database. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectDatabaseProxy {
    }

    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    private static final int DEFAULT_PORT = 5432;

    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        DatabaseUrl database = TestDatabase.url();
        JdbcAddress address = JdbcAddress.parse(database.jdbcUrl());
        proxy = TcpProxy.start(address.host(), address.port());

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", JDBC_PREFIX + "127.0.0.1:" + proxy.port() + address.databaseAndParameters());
        database.username().ifPresent(username -> config.put("quarkus.datasource.username", username));
        database.password().ifPresent(password -> config.put("quarkus.datasource.password", password));
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(InjectDatabaseProxy.class, TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    /**
     * Where a single-host PostgreSQL JDBC URL points; a proxy forwards to one address, so lists of hosts
     * (failover URLs) are refused rather than silently cut down to their first host.
     *
     * @param databaseAndParameters everything from the '/' before the database name on, kept as it is
     */
    record JdbcAddress(String host, int port, String databaseAndParameters) {

        static JdbcAddress parse(String jdbcUrl) {
            // Messages quote no more than the host part: query parameters may carry secrets.
            if (!jdbcUrl.startsWith(JDBC_PREFIX)) {
                throw new IllegalArgumentException("The test database URL does not start with " + JDBC_PREFIX);
            }
            String rest = jdbcUrl.substring(JDBC_PREFIX.length());
            int pathStart = rest.indexOf('/');
            if (pathStart < 0) {
                throw new IllegalArgumentException("The test database URL names no database");
            }
            String hostAndPort = rest.substring(0, pathStart);
            if (hostAndPort.contains(",")) {
                throw new IllegalArgumentException("The database proxy forwards to one host, and the JDBC URL names several: "
                        + hostAndPort);
            }
            // An IPv6 address is bracketed, and its own colons are not the port's.
            int portSeparator = hostAndPort.lastIndexOf(':');
            boolean hasPort = portSeparator > hostAndPort.lastIndexOf(']');
            String host = hasPort ? hostAndPort.substring(0, portSeparator) : hostAndPort;
            int port = hasPort ? Integer.parseInt(hostAndPort.substring(portSeparator + 1)) : DEFAULT_PORT;
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new JdbcAddress(host, port, rest.substring(pathStart));
        }
    }
}
