package academy.datadetective.health;

import java.time.Duration;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Histogram buckets for {@code http_server_requests_seconds}, so that the dashboard can compute p50/p95/p99 latency
 * per route across replicas ({@code histogram_quantile} over {@code _bucket}); Micrometer exports only count, sum and
 * max by default. Twelve fixed bounds rather than Micrometer's percentiles histogram (about 70 buckets from 1 ms to
 * 30 s): every bucket is one series per route, method and status, and these twelve cover what an answer of this
 * service takes, from a cached token check to a restore upload.
 */
@Singleton
class HttpLatencyBuckets {

    private static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    private static final double[] BOUNDS_NANOS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
            .mapToDouble(millis -> Duration.ofMillis(millis).toNanos()).toArray();

    @Produces
    @Singleton
    MeterFilter httpServerLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(BOUNDS_NANOS).build().merge(config);
            }
        };
    }
}
