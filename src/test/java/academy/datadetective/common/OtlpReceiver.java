package academy.datadetective.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OTLP/HTTP collector in the test's JVM: the application exports its traces to it
 * (OTEL_EXPORTER_OTLP_ENDPOINT), and it keeps each request's protobuf body. Inject it with
 * {@link InjectOtlpReceiver}.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's {@link OtlpReceiver} field that receives the running collector. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectOtlpReceiver {
    }

    private final List<byte[]> exports = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                exports.add(body.readAllBytes());
            }
            // An empty ExportTraceServiceResponse: everything accepted.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }

    /** Whether some export carried this text (a span name, an attribute key or value: protobuf keeps strings as they are). */
    public boolean received(String text) {
        return received(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether some export carried a span of this trace (its id in hex, as the SDK gives it; protobuf has its bytes). */
    public boolean receivedTrace(String traceId) {
        return received(HexFormat.of().parseHex(traceId));
    }

    private boolean received(byte[] bytes) {
        String needle = new String(bytes, StandardCharsets.ISO_8859_1);
        return exports.stream().anyMatch(export -> new String(export, StandardCharsets.ISO_8859_1).contains(needle));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(InjectOtlpReceiver.class, OtlpReceiver.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
