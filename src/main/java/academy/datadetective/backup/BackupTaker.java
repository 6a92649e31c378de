package academy.datadetective.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.common.AttributeKey;
import io.quarkus.logging.Log;

import academy.datadetective.common.Spans;

/**
 * Takes backups of the application's data: every table read in one snapshot while the service keeps writing,
 * streamed through gzip to every destination at once ({@link CopiesOutputStream}), each copy published under
 * the backup's name only once complete; then each destination is rotated and the metrics record the outcome.
 * A copy that fails does not cost the others, but the backup then counts as failed.
 */
@ApplicationScoped
public class BackupTaker {

    /** The backup's name, on the span of a backup (around its tables' COPY spans) and of a restore. */
    static final AttributeKey<String> BACKUP_NAME = AttributeKey.stringKey("academy.backup.name");

    private final DataSource dataSource;
    private final BackupConfig config;
    private final BackupDestinations destinations;
    private final BackupRotation rotation;
    private final OffsiteCatchUp offsiteCatchUp;
    private final BackupPublisher publisher;
    private final BackupLock lock;
    private final BackupMetrics metrics;
    private final Spans spans;
    private final String historyTable;

    BackupTaker(DataSource dataSource, BackupConfig config, BackupDestinations destinations, BackupRotation rotation,
            OffsiteCatchUp offsiteCatchUp, BackupPublisher publisher, BackupLock lock, BackupMetrics metrics, Spans spans,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String historyTable) {
        this.dataSource = dataSource;
        this.config = config;
        this.destinations = destinations;
        this.rotation = rotation;
        this.offsiteCatchUp = offsiteCatchUp;
        this.publisher = publisher;
        this.lock = lock;
        this.metrics = metrics;
        this.spans = spans;
        this.historyTable = historyTable;
    }

    /**
     * A backup to every destination, each rotated afterwards.
     *
     * @throws BackupInProgressException when another backup or restore runs, here or on another replica
     */
    public BackupInfo backup() {
        return lock.exclusively(() -> take(destinations.all(), EnumSet.noneOf(BackupMarker.class), true));
    }

    /** A backup into another directory (the backup command's argument), rotated there. */
    public BackupInfo backup(Path directory) {
        return lock.exclusively(() -> take(List.of(new DirectoryBackupStore(directory)), EnumSet.noneOf(BackupMarker.class), true));
    }

    /** A safety backup to every destination before something replaces or reshapes the data; never rotated away. */
    public BackupInfo safetyBackup() {
        return lock.exclusively(this::safetyBackupHoldingLock);
    }

    /** The same, for a caller that already holds the backup lock (a restore). */
    BackupInfo safetyBackupHoldingLock() {
        return take(destinations.all(), EnumSet.of(BackupMarker.SAFETY), false);
    }

    private BackupInfo take(List<BackupStore> stores, Set<BackupMarker> markers, boolean rotate) {
        return spans.operation("backup", span -> {
            BackupInfo backup = take(stores, markers, rotate, System.nanoTime());
            span.setAttribute(BACKUP_NAME, backup.name());
            return backup;
        });
    }

    private BackupInfo take(List<BackupStore> stores, Set<BackupMarker> markers, boolean rotate, long started) {
        try {
            Written written = write(stores, markers);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            List<BackupStore> kept = written.published().keptIn();
            Optional<BackupStore> offsite = destinations.offsite().filter(stores::contains);
            if (offsite.isPresent() && !kept.contains(offsite.get())) {
                metrics.offsiteFailed();
            } else if (offsite.isPresent() && rotate) {
                // Object storage answers again: the copies it missed before are made now, before rotation counts them.
                offsiteCatchUp.copyMissing();
            }
            if (rotate) {
                kept.forEach(rotation::rotate);
            }
            BackupInfo backup = written.info(kept, publisher.keyId());
            Optional<BackupIncompleteException> incomplete = written.published().incomplete();
            if (incomplete.isPresent()) {
                throw incomplete.get();
            }
            metrics.succeeded(backup.size(), millis);
            String where = String.join(" and ", kept.stream().map(BackupStore::location).toList());
            Log.infof("Backup %s: %d bytes, %d rows, %d ms, in %s", backup.name(), backup.size(),
                    backup.rows().values().stream().mapToLong(Long::longValue).sum(), millis, where);
            return backup;
        } catch (RuntimeException e) {
            metrics.failed();
            Log.errorf("Backup failed: %s", e.getMessage());
            throw e;
        }
    }

    /** A backup's bytes and what was published where. */
    private record Written(BackupHeader header, Set<BackupMarker> markers, BackupPublisher.Published published) {

        BackupName name() {
            return published.name();
        }

        CopiesOutputStream copies() {
            return published.copies();
        }

        BackupInfo info(List<BackupStore> kept, Optional<String> keyId) {
            return new BackupInfo(name().value(), copies().size(), header.createdAt(), header.schemaVersion(), header.rows(),
                    Optional.of(published.sha256()), markers.contains(BackupMarker.UPLOADED), markers.contains(BackupMarker.SAFETY),
                    markers.contains(BackupMarker.PINNED), keyId,
                    kept.stream().map(store -> new BackupInfo.Copy(store.kind(), store.location())).toList());
        }
    }

    private Written write(List<BackupStore> stores, Set<BackupMarker> markers) {
        stores.forEach(BackupStore::cleanUpAbandonedWrites);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                BackupWriter writer = BackupWriter.prepare(connection, connection.getSchema(), historyTable, spans);
                BackupHeader header = writer.header();
                // By the time in its header, as an upload of the same file is named: one backup, one name.
                BackupName name = publisher.freeName(stores, header.createdAt());
                return new Written(header, markers, publisher.publish(stores, name, markers, header, gzipped -> compress(writer, gzipped)));
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Backup failed: " + e.getMessage(), e);
        }
    }

    /** The SQL text through gzip, on a thread of its own, so that reading COPY and compressing run at once. */
    private void compress(BackupWriter writer, OutputStream gzipped) throws IOException, SQLException {
        try (GZIPOutputStream gzip = new LeveledGzipOutputStream(new NonClosingOutputStream(gzipped), config.compressionLevel())) {
            try (OutputStream compressing = new BackgroundOutputStream(gzip, "backup-compression")) {
                writer.write(compressing);
            }
        }
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
