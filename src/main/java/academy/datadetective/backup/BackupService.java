package academy.datadetective.backup;

import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.MigrationVersion;

import io.quarkus.logging.Log;

import academy.datadetective.dataset.DatasetTables;
import academy.datadetective.migration.MigrationRunner;
import academy.datadetective.migration.MigrationService;
import academy.datadetective.common.Sql;

/**
 * Backups of the application's data as gzip-compressed SQL files in the backup directory, and restores
 * from them. A backup reads every table in one snapshot while the service keeps writing, streams it to
 * a hidden temporary file and renames it only once complete and synced. A restore verifies the file,
 * takes a safety backup, loads the data into a scratch schema built at the backup's version, migrates
 * that forward, and only then replaces the live data, in one transaction.
 */
@ApplicationScoped
public class BackupService {

    private static final String SCRATCH_SCHEMA_PREFIX = "academy_restore_";

    private final DataSource dataSource;
    private final BackupConfig config;
    private final MigrationService migrations;
    private final String historyTable;
    private final BackupLock lock;
    private final BackupMetrics metrics;

    BackupService(DataSource dataSource, BackupConfig config, MigrationService migrations, BackupLock lock, BackupMetrics metrics,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String historyTable) {
        this.dataSource = dataSource;
        this.config = config;
        this.migrations = migrations;
        this.lock = lock;
        this.metrics = metrics;
        this.historyTable = historyTable;
    }

    /**
     * One backup as listed: its name, file and header facts, the checksum kept beside it, and whether it came in
     * by upload (rotated apart from the service's own, and no evidence that the service backs itself up).
     */
    public record BackupInfo(String name, long size, Instant createdAt, String schemaVersion, Map<String, Long> rows,
            Optional<String> sha256, boolean uploaded) {
    }

    public record RestoreReport(String restored, String backupSchemaVersion, String schemaVersion, long rows,
            String safetyBackup, long durationMillis) {
    }

    public Path directory() {
        return config.dir().toAbsolutePath().normalize();
    }

    /** Takes a backup into the configured directory and rotates it. */
    public BackupInfo backup() {
        return backup(directory(), true);
    }

    /**
     * @param rotate after success only; a safety backup before a restore does not rotate, so that it can
     *     never delete the very backup being restored
     * @throws BackupInProgressException when another backup or restore runs, here or on another replica
     */
    public BackupInfo backup(Path directory, boolean rotate) {
        return lock.exclusively(() -> takeBackup(directory, rotate));
    }

    private BackupInfo takeBackup(Path directory, boolean rotate) {
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
                BackupName name = files.nextName(Instant.now());
                // Hidden and without the backup pattern: a crash mid-way never leaves a file that looks like a backup.
                temporary = directory.resolve("." + name + "." + UUID.randomUUID() + ".partial");
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

    /**
     * Stores an uploaded backup under a name of this service's pattern (from the time in its header), after
     * checking all of it: the checksum the uploader states, if any, the whole gzip stream, the header (its
     * creation time not in the future), and every line after it ({@link BackupCheck}: only what the backup
     * writer writes, for the tables and columns of the backup's schema version). Nothing is restored; a
     * restore by name follows. The check holds the backup lock, since it may build a scratch schema.
     */
    public BackupInfo store(InputStream upload, Optional<String> statedSha256) {
        Path directory = directory();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = directory.resolve(".backup_upload." + UUID.randomUUID() + ".partial");
            MessageDigest sha256 = BackupFiles.sha256();
            long size;
            try (OutputStream file = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW);
                    DigestOutputStream digest = new DigestOutputStream(file, sha256)) {
                size = copyAtMost(upload, digest, config.uploadMaxSize());
            }
            String checksum = HexFormat.of().formatHex(sha256.digest());
            if (statedSha256.isPresent() && !statedSha256.get().strip().equalsIgnoreCase(checksum)) {
                throw new InvalidBackupException("its SHA-256 is not the one stated (the upload is damaged)");
            }
            Path received = temporary;
            return lock.exclusively(() -> {
                try {
                    BackupHeader header = checkUpload(received);
                    BackupFiles files = new BackupFiles(directory);
                    BackupName name = files.nextName(header.createdAt());
                    files.publish(name, received, checksum, true);
                    Log.infof("Stored uploaded backup %s (%d bytes, schema version %s)", name, size, header.schemaVersion());
                    return new BackupInfo(name.value(), size, header.createdAt(), header.schemaVersion(), header.rows(),
                            Optional.of(checksum), true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BackupFiles.deleteQuietly(temporary);
        }
    }

    /**
     * Reads the whole upload through its inflated-size bound: header, then every line against the tables of
     * the header's schema version.
     */
    private BackupHeader checkUpload(Path file) throws IOException {
        try (InputStream in = new BoundedInputStream(new GZIPInputStream(Files.newInputStream(file), 64 * 1024),
                config.uploadMaxInflatedSize())) {
            LineReader lines = new LineReader(in);
            BackupHeader header = BackupHeader.read(lines);
            BackupCheck.check(header, lines, tablesAt(header.schemaVersion()), Instant.now());
            return header;
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new InvalidBackupException("the gzip stream is cut off or damaged");
        }
    }

    /**
     * The application's tables as the given schema version has them: the live ones at the database's version,
     * else those of a scratch schema migrated to it, as a restore would build it.
     */
    private DataTables tablesAt(String version) {
        if (!version.matches("[0-9]+(\\.[0-9]+)*")) {
            throw new RefusedBackupException("its schema version \"" + version + "\" is not a migration version");
        }
        MigrationRunner.Status status = migrations.status();
        String current = status.current().orElseThrow(() -> new IllegalStateException("The database has no schema yet"));
        checkVersion(version, current, status.latestKnown().orElseThrow());
        Optional<String> scratch = version.equals(current) ? Optional.empty()
                : Optional.of(SCRATCH_SCHEMA_PREFIX + UUID.randomUUID().toString().replace("-", ""));
        try (Connection connection = dataSource.getConnection()) {
            if (scratch.isPresent()) {
                migrations.migrateSchema(scratch.get(), version);
            }
            return DataTables.read(connection, scratch.orElse(connection.getSchema()), historyTable);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the tables of schema version " + version + ": " + e.getMessage(), e);
        } finally {
            scratch.ifPresent(this::dropSchema);
        }
    }

    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
            total += read;
            if (total > limit) {
                throw BackupTooLargeException.upload(limit);
            }
            out.write(buffer, 0, read);
        }
        return total;
    }

    /** Rotation of a backup directory, with the configured count ({@link BackupFiles#rotate}). */
    public List<String> rotate(Path directory) {
        return new BackupFiles(directory).rotate(config.keep());
    }

    /** Newest first. */
    public List<BackupInfo> list() {
        BackupFiles files = files();
        List<BackupInfo> backups = new ArrayList<>();
        for (BackupName name : files.names().stream().sorted(BackupName.CHRONOLOGICAL.reversed()).toList()) {
            try {
                backups.add(info(files, directory().resolve(name.value())));
            } catch (InvalidBackupException | RefusedBackupException | UncheckedIOException e) {
                Log.warnf("Backup %s is unreadable: %s", name, e.getMessage());
            }
        }
        return backups;
    }

    public BackupInfo get(String name) {
        return info(files(), resolve(name));
    }

    /** The file of a backup named by a request: only a name of this service's pattern, only in the directory. */
    public Path resolve(String name) {
        return files().resolve(name);
    }

    public void delete(String name) {
        files().delete(name);
    }

    private BackupFiles files() {
        return new BackupFiles(directory());
    }

    private static BackupInfo info(BackupFiles files, Path file) {
        BackupHeader header = readHeader(file);
        try {
            BackupName name = BackupName.parse(file.getFileName().toString()).orElseThrow();
            return new BackupInfo(name.value(), Files.size(file), header.createdAt(), header.schemaVersion(),
                    header.rows(), BackupFiles.storedChecksum(file), files.isUpload(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces all application data with the backup's. Nothing changes unless every step succeeds: the
     * checksum and the whole gzip stream are verified first, and the data is replaced in one transaction. A
     * backup at the database's schema version is loaded straight into the live tables; an older one is
     * loaded into a scratch schema built at its version, migrated there, and copied in.
     */
    public RestoreReport restore(Path file) {
        return lock.exclusively(() -> {
            long started = System.nanoTime();
            dropAbandonedScratchSchemas();
            String scratch = SCRATCH_SCHEMA_PREFIX + UUID.randomUUID().toString().replace("-", "");
            try {
                BackupFiles.verifyChecksum(file);
                BackupHeader header = readHeader(file);
                MigrationRunner.Status status = migrations.status();
                String current = status.current().orElseThrow(() -> new IllegalStateException("The database has no schema yet"));
                checkVersion(header.schemaVersion(), current, status.latestKnown().orElseThrow());

                BackupInfo safety = takeBackup(directory(), false);
                long rows;
                if (header.schemaVersion().equals(current)) {
                    rows = load(file, header, Optional.empty());
                } else {
                    migrations.migrateSchema(scratch, header.schemaVersion());
                    load(file, header, Optional.of(scratch));
                    migrations.migrateSchema(scratch, current);
                    rows = replaceLiveData(scratch);
                }
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                Log.infof("Restored %s (schema version %s, now %s): %d rows in %d ms; safety backup %s", file.getFileName(),
                        header.schemaVersion(), current, rows, millis, safety.name());
                return new RestoreReport(file.getFileName().toString(), header.schemaVersion(), current, rows, safety.name(),
                        millis);
            } finally {
                dropSchema(scratch);
            }
        });
    }

    /** Scratch schemas of a restore whose process was killed; holding the lock, no restore is using one now. */
    private void dropAbandonedScratchSchemas() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet schemas = statement.executeQuery("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '"
                        + SCRATCH_SCHEMA_PREFIX + "')")) {
            List<String> abandoned = new ArrayList<>();
            while (schemas.next()) {
                abandoned.add(schemas.getString(1));
            }
            abandoned.forEach(this::dropSchema);
        } catch (SQLException e) {
            Log.warnf("Cannot look for abandoned restore schemas: %s", e.getMessage());
        }
    }

    private static void checkVersion(String backup, String current, String latestKnown) {
        MigrationVersion version = MigrationVersion.fromVersion(backup);
        if (version.compareTo(MigrationVersion.fromVersion(latestKnown)) > 0) {
            throw new BackupVersionConflictException("The backup is at schema version " + backup + ", newer than this build ("
                    + latestKnown + "); restore it with a build that has that migration");
        }
        if (version.compareTo(MigrationVersion.fromVersion(current)) > 0) {
            throw new BackupVersionConflictException("The backup is at schema version " + backup + ", newer than the database ("
                    + current + "); run `migrate up` first");
        }
    }

    private static BackupHeader readHeader(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return BackupHeader.read(new LineReader(in));
        } catch (IOException e) {
            throw new InvalidBackupException("it is not a readable gzip file");
        }
    }

    /**
     * Loads and commits the backup's rows, into the live tables or into a scratch schema (whose dataset tables
     * stay in it until {@link #replaceLiveData} moves them). A bad file fails here and rolls back: the live
     * data is unchanged.
     *
     * @return the rows loaded, dataset rows included
     */
    private long load(Path file, BackupHeader header, Optional<String> scratch) {
        try (Connection connection = dataSource.getConnection();
                InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024), 64 * 1024)) {
            connection.setAutoCommit(false);
            try {
                String schema = scratch.orElse(connection.getSchema());
                if (scratch.isPresent()) {
                    // The scratch schema's triggers name their tables without a schema (user_points): resolved
                    // through search_path, they must reach the scratch tables, never the live ones.
                    Sql.execute(connection, "SET LOCAL search_path TO " + Sql.quote(schema));
                } else {
                    DatasetTables.dropAll(connection);
                }
                // The TRUNCATE also removes the reference rows (the catalogue) that migrations insert: the
                // backup carries its own.
                DataTables tables = DataTables.read(connection, schema, historyTable);
                BulkLoad bulk = BulkLoad.begin(connection, schema, tables);
                LineReader lines = new LineReader(in);
                BackupHeader.read(lines);
                BackupLoader.load(lines, header, connection, schema, tables, scratch.orElse(DatasetTables.SCHEMA));
                bulk.finish();
                connection.commit();
                return header.rows().values().stream().mapToLong(Long::longValue).sum();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new InvalidBackupException("the gzip stream is cut off or damaged");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new InvalidBackupException("its data does not load: " + e.getMessage());
        }
    }

    /** The one transaction that replaces live data with a migrated scratch schema's. */
    private long replaceLiveData(String scratch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String schema = connection.getSchema();
                DataTables live = DataTables.read(connection, schema, historyTable);
                BulkLoad bulk = BulkLoad.begin(connection, schema, live);
                long rows = 0;
                for (DataTables.Table table : live.copied()) {
                    try (Statement statement = connection.createStatement()) {
                        rows += statement.executeUpdate("INSERT INTO " + table.quotedName() + " (" + table.quotedColumns()
                                + ") OVERRIDING SYSTEM VALUE SELECT " + table.quotedColumns() + " FROM " + Sql.quote(scratch)
                                + "." + table.quotedName());
                    }
                }
                DatasetTables.dropAll(connection);
                for (String table : BackupLoader.datasetTableNames(connection, scratch)) {
                    // Loaded in the scratch schema, which is dropped next: moved, not copied.
                    Sql.execute(connection, "ALTER TABLE " + DatasetTables.in(scratch, table) + " SET SCHEMA " + DatasetTables.SCHEMA);
                    rows += BackupWriter.count(connection, DatasetTables.qualified(table));
                }
                bulk.finish();
                connection.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Restore failed, the data is unchanged: " + e.getMessage(), e);
        }
    }

    private void dropSchema(String schema) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            Sql.execute(connection, "DROP SCHEMA IF EXISTS " + Sql.quote(schema) + " CASCADE");
        } catch (SQLException e) {
            Log.warnf("Could not drop the restore's scratch schema %s: %s", schema, e.getMessage());
        }
    }

    /** An inflating stream that stops at a bound: a small gzip file can inflate to gigabytes. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private final long limit;
        private long read;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int count = super.read(bytes, offset, (int) Math.min(length, limit + 1 - read));
            if (count > 0 && (read += count) > limit) {
                throw BackupTooLargeException.inflated(limit);
            }
            return count;
        }
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
