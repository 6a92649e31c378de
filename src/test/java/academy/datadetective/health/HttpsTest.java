package academy.datadetective.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(OwnNetwork.class)
class HttpsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL httpsUrl;

    @TestHTTPResource("/")
    URL httpUrl;

    @ConfigProperty(name = "TLS_CERT_FILE")
    String certificateFile;

    @Test
    void servesTheApiOverVerifiedTls() throws Exception {
        Certificate certificate = readCertificate(Path.of(certificateFile));
        // The default HttpClient checks the host name against the certificate; trusting only this one
        // certificate means success proves the server presented exactly the files it was given.
        HttpClient client = HttpClient.newBuilder().sslContext(trustingOnly(certificate)).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(httpsUrl.toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals("https", httpsUrl.getProtocol());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(ServiceInfoResource.NAME, json(response).path("name").asText());
        SSLSession session = response.sslSession().orElseThrow();
        assertTrue(session.getProtocol().startsWith("TLS"), session.getProtocol());
        assertEquals(certificate, session.getPeerCertificates()[0]);        assertEquals("max-age=31536000; includeSubDomains", response.headers().firstValue("Strict-Transport-Security").orElse(null));
    }

    @Test
    void plainHttpKeepsWorking() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(httpUrl.toURI()).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals("http", httpUrl.getProtocol());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(ServiceInfoResource.NAME, json(response).path("name").asText());        // Meaningless, and ignored by browsers, over plain HTTP.
        assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty());
    }

    private static Certificate readCertificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static SSLContext trustingOnly(Certificate certificate) throws Exception {
        KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
        trustStore.load(null, null);
        trustStore.setCertificateEntry("server", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }
}
