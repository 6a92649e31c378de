package academy.datadetective.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import io.smallrye.certs.PemCertificateFiles;

/**
 * A self-signed certificate and key for localhost, handed to the application the way an operator does: through
 * TLS_CERT_FILE and TLS_KEY_FILE, so a test using it also proves application.properties reads those names.
 */
public class ThrowAwayCertificateResource implements QuarkusTestResourceLifecycleManager {

    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            // A fresh directory per run: a certificate left over from an earlier run must never be picked up.
            directory = Files.createTempDirectory("https-test-");
            PemCertificateFiles files = (PemCertificateFiles) new CertificateGenerator(directory, true)
                    .generate(new CertificateRequest()
                            .withName("https-test")
                            .withFormat(Format.PEM)
                            // The test client verifies the host name, and the test URL names localhost.
                            .withCN("localhost")
                            .withSubjectAlternativeName("DNS:localhost"))
                    .get(0);
            return Map.of(
                    "TLS_CERT_FILE", files.certFile().toString(),
                    "TLS_KEY_FILE", files.keyFile().toString());
        } catch (Exception e) {
            throw new IllegalStateException("Could not generate the test certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            // Deepest first, so each directory is empty when its turn comes.
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
