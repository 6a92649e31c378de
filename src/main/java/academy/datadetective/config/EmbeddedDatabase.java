package academy.datadetective.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.sun.security.auth.module.UnixSystem;

import io.quarkus.logging.Log;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * A real PostgreSQL from Maven Central for the dev and test profiles, so that a newcomer needs
 * nothing but a JDK. Only {@link EnvironmentConfigSourceFactory} touches this class, and only in those
 * profiles: the packaged application does not even contain the embedded binaries.
 */
final class EmbeddedDatabase {

    /**
     * Dev-mode live reload runs the config factory again in a fresh class loader; system properties are
     * the one registry every class loader of the JVM shares, so they remember the server this JVM started.
     */
    private static final String PORT_PROPERTY_PREFIX = "datadetective.embedded-postgres.port.";

    private EmbeddedDatabase() {
    }

    /**
     * @param dataDirectory where the data lives between runs; empty for a throw-away database
     */
    static synchronized DatabaseUrl startOrReuse(Optional<Path> dataDirectory) {
        String portProperty = PORT_PROPERTY_PREFIX + dataDirectory.map(d -> d.toAbsolutePath().toString()).orElse("temporary");
        String knownPort = System.getProperty(portProperty);
        if (knownPort != null && answers(Integer.parseInt(knownPort))) {
            return url(Integer.parseInt(knownPort));
        }
        Optional<Integer> adopted = dataDirectory.flatMap(EmbeddedDatabase::portOfRunningServer);
        if (adopted.isPresent()) {
            Log.infof("Using the embedded PostgreSQL already running on %s (port %d)", dataDirectory.get(), adopted.get());
            System.setProperty(portProperty, adopted.get().toString());
            return url(adopted.get());
        }
        refuseRootWithoutUserNamespaces();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("timezone", "UTC");
            if (dataDirectory.isPresent()) {
                Files.createDirectories(dataDirectory.get());
                builder.setDataDirectory(dataDirectory.get()).setCleanDataDirectory(false);
            }
            // zonky stops the server with a shutdown hook, and removes a temporary data directory then.
            EmbeddedPostgres postgres = builder.start();
            int port = postgres.getPort();
            System.setProperty(portProperty, Integer.toString(port));
            Log.infof("Embedded PostgreSQL started on port %d with data in %s (connect: psql -h localhost -p %d -U postgres)",
                    port, dataDirectory.map(Path::toString).orElse("a temporary directory"), port);
            return url(port);
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start: " + e.getMessage()
                    + " (set DATABASE_URL to use a PostgreSQL server instead)", e);
        }
    }

    private static DatabaseUrl url(int port) {
        return new DatabaseUrl("jdbc:postgresql://localhost:" + port + "/postgres", Optional.of("postgres"), Optional.empty());
    }

    /** postmaster.pid holds the server's process id on its first line and its port on the fourth. */
    private static Optional<Integer> portOfRunningServer(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            int port = Integer.parseInt(lines.get(3).strip());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive && answers(port) ? Optional.of(port) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void refuseRootWithoutUserNamespaces() {
        // PostgreSQL refuses to run as root; zonky then runs it in a user namespace, which some kernels forbid.
        if (new UnixSystem().getUid() == 0 && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("The embedded PostgreSQL cannot run as root on this machine ('unshare -U' is not"
                    + " available): run as a normal user, or set DATABASE_URL to a PostgreSQL server");
        }
    }
}
