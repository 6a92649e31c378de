package academy.datadetective.common;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Traces and the SQL log; README "Configuration" and "Tracing" list each setting with its variable. Any of
 * {@link #endpoint()}, {@link #sqlEcho()} or {@link #slowSqlMs()} starts the OpenTelemetry SDK
 * (EnvironmentConfigSourceFactory); with none, the service runs without it.
 */
@ConfigMapping(prefix = "academy.telemetry")
public interface TelemetryConfig {

    /** The OTLP collector traces are exported to (OTEL_EXPORTER_OTLP_ENDPOINT); none: nothing is exported. */
    Optional<String> endpoint();

    /** The share of the traces that start here which are exported (OTEL_TRACES_SAMPLER_ARG), 0 to 1. */
    double sampleRatio();

    /** Log every SQL statement the service sends, without its values (DB_ECHO). */
    boolean sqlEcho();

    /** Log, as a warning, every SQL statement that took at least this many milliseconds (DB_SLOW_QUERY_MS); 0: none. */
    long slowSqlMs();
}
