package academy.datadetective.backup;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** The backups' metrics (README "Backup and restore"): the last success, its duration and size, and failures. */
@ApplicationScoped
// Created at startup, so that the metrics exist (as zeroes) before the first backup.
@Startup
class BackupMetrics {

    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private final AtomicLong lastDurationMillis = new AtomicLong();
    private final AtomicLong lastSizeBytes = new AtomicLong();
    private final Counter failures;

    BackupMetrics(MeterRegistry registry) {
        registry.gauge("academy.backup.last.success.timestamp.seconds", lastSuccessEpochSeconds);
        registry.gauge("academy.backup.last.duration.seconds", lastDurationMillis, millis -> millis.get() / 1000.0);
        registry.gauge("academy.backup.last.size.bytes", lastSizeBytes);
        this.failures = registry.counter("academy.backup.failures");
    }

    void succeeded(long sizeBytes, long durationMillis) {
        lastDurationMillis.set(durationMillis);
        lastSizeBytes.set(sizeBytes);
        lastSuccessEpochSeconds.set(Instant.now().getEpochSecond());
    }

    void failed() {
        failures.increment();
    }
}
