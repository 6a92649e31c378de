package academy.datadetective.backup;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;

/**
 * Takes backups of the application's data: every table read in one snapshot while the service keeps writing,
 * streamed through gzip into a hidden temporary file that gets its backup name (after its checksum file) only
 * once complete and synced; then the directory is rotated and the metrics record the outcome.
 */
@ApplicationScoped
public class BackupTaker {

    private final DataSource dataSource;
    private final BackupConfig config;
    private final BackupCatalogue catalogue;
    private final BackupLock lock;
    private final BackupMetrics metrics;
    private final String historyTable;

    BackupTaker(DataSource dataSource, BackupConfig config, BackupCatalogue catalogue, BackupLock lock, BackupMetrics metrics,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String historyTable) {
        this.dataSource = dataSource;
        this.config = config;
        this.catalogue = catalogue;
        this.lock = lock;
        this.metrics = metrics;
        this.historyTable = historyTable;
    }

    /** Takes a backup into the configured directory and rotates it. */
    public BackupInfo backup() {
        return backup(catalogue.directory(), true);
    }

    /**
     * @param rotate after success only; a safety backup does not rotate, so that it can never delete the very
     *     backup being restored
     * @throws BackupInProgressException when another backup or restore runs, here or on another replica
     */
    public BackupInfo backup(Path directory, boolean rotate) {
        return lock.exclusively(() -> takeHoldingLock(directory, rotate));
    }

    /** The same, for a caller that already holds the backup lock (a restore's safety backup). */
    BackupInfo takeHoldingLock(Path directory, boolean rotate) {
        long started = System.nanoTime();
        try {
            BackupInfo backup = write(directory);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            metrics.succeeded(backup.size(), millis);
            Log.infof("Backup %s: %d bytes, %d rows, %d ms", backup.name(), backup.size(),
                    backup.rows().values().stream().mapToLong(Long::longValue).sum(), millis);
            if (rotate) {
                rotate(directory);
            }
            return backup;
        } catch (RuntimeException e) {
            metrics.failed();
            Log.errorf("Backup failed: %s", e.getMessage());
            throw e;
        }
    }

    /** Rotation of a backup directory, with the configured count ({@link BackupFiles#rotate}). */
    List<String> rotate(Path directory) {
        return new BackupFiles(directory).rotate(config.keep());
    }

    private BackupInfo write(Path directory) {
        Path temporary = null;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                Files.createDirectories(directory);
                BackupFiles files = new BackupFiles(directory);
                files.deleteAbandonedTemporaryFiles();
                // Hidden and without the backup pattern: a crash mid-way never leaves a file that looks like a backup.
                temporary = directory.resolve(".backup_" + UUID.randomUUID() + ".partial");
                MessageDigest sha256 = BackupFiles.sha256();
                BackupHeader header;
                try (FileOutputStream file = new FileOutputStream(temporary.toFile());
                        DigestOutputStream digest = new DigestOutputStream(file, sha256);
                        GZIPOutputStream gzip = new LeveledGzipOutputStream(digest, config.compressionLevel())) {
                    try (OutputStream compressing = new BackgroundOutputStream(gzip, "backup-compression")) {
                        header = BackupWriter.write(connection, connection.getSchema(), historyTable, compressing);
                    }
                    gzip.finish();
                    digest.flush();
                    file.getFD().sync();
                }
                String checksum = HexFormat.of().formatHex(sha256.digest());
                // By the time in its header, as an upload of the same file is named: one backup, one name.
                BackupName name = files.nextName(header.createdAt());
                files.publish(name, temporary, checksum, false);
                return new BackupInfo(name.value(), Files.size(directory.resolve(name.value())), header.createdAt(),
                        header.schemaVersion(), header.rows(), Optional.of(checksum), false);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Backup failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackupWriteFailedException(e);
        } finally {
            BackupFiles.deleteQuietly(temporary);
        }
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
