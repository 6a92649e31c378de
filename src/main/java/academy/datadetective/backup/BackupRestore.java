package academy.datadetective.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.ZipException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;

import academy.datadetective.common.Spans;
import academy.datadetective.common.Sql;
import academy.datadetective.dataset.DatasetTables;

/**
 * Replaces all application data with a backup's, all or nothing, reading the file once ({@link BackupInput}):
 * its header, its data and its checksum come from one pass. A backup at the database's schema version is
 * loaded straight into the live tables; an older one into a scratch schema built at its version, migrated
 * there, and then swapped in. The checksum is compared once the last byte has been read, before anything is
 * committed; a safety backup of the live data is taken right before they are replaced; and they are replaced
 * in one transaction, so that a damaged file, a failure or a killed process leaves them as they were.
 */
@ApplicationScoped
public class BackupRestore {

    private final DataSource dataSource;
    private final BackupCatalogue catalogue;
    private final BackupLock lock;
    private final BackupTaker backups;
    private final ScratchSchemas scratchSchemas;
    private final BackupEncryption encryption;
    private final Spans spans;
    private final String historyTable;

    BackupRestore(DataSource dataSource, BackupCatalogue catalogue, BackupLock lock, BackupTaker backups,
            ScratchSchemas scratchSchemas, BackupEncryption encryption, Spans spans,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String historyTable) {
        this.dataSource = dataSource;
        this.catalogue = catalogue;
        this.lock = lock;
        this.backups = backups;
        this.scratchSchemas = scratchSchemas;
        this.encryption = encryption;
        this.spans = spans;
        this.historyTable = historyTable;
    }

    /**
     * A backup of the destinations by name, read from its first copy (the directory's, when it has one).
     *
     * @throws BackupInProgressException when another backup or restore runs, here or on another replica
     */
    public RestoreReport restore(String name) {
        return restore(catalogue.copies(BackupCatalogue.name(name)).get(0));
    }

    /** The copy at a location of a configured destination, {@code s3://bucket/prefix/NAME}. */
    public RestoreReport restoreCopyAt(String location) {
        return restore(catalogue.copyAt(location));
    }

    private RestoreReport restore(BackupCatalogue.Located copy) {
        BackupName name = copy.backup().name();
        String checksum = copy.checksum();
        return lock.exclusivelyRestoring(() -> restore(() -> BackupInput.of(name, copy.store().open(name), encryption), checksum));
    }

    /** A backup file anywhere (the restore command's argument), with its {@code FILE.sha256} beside it. */
    public RestoreReport restore(Path file) {
        String checksum = checksumBeside(file);
        return lock.exclusivelyRestoring(() -> restore(() -> BackupInput.open(file, encryption), checksum));
    }

    /**
     * A restore rehearsed where the live service never reads: the copy loaded into a scratch schema built at its
     * version, its rows counted there, then migrated forward to the database's version, and dropped. The caller
     * holds the backup lock. @return the rows of each table as loaded, and the header's counts to compare them with
     */
    Rehearsal rehearseHoldingLock(BackupName name, BackupCatalogue.Located copy) {
        String checksum = copy.checksum();
        scratchSchemas.dropAbandoned();
        try (BackupInput in = BackupInput.of(name, copy.store().open(name), encryption)) {
            try {
                BackupHeader header = in.header();
                String current = scratchSchemas.databaseVersionFor(header.schemaVersion());
                try (ScratchSchemas.ScratchSchema scratch = scratchSchemas.create(header.schemaVersion())) {
                    load(in, checksum, Optional.of(scratch.name()));
                    Map<String, Long> loaded = countRows(scratch.name());
                    scratch.migrateTo(current);
                    return new Rehearsal(header.rows(), loaded);
                }
            } catch (RuntimeException e) {
                throw checksumFirst(in, checksum, e);
            }
        }
    }

    /** What a rehearsal found: the header's counts and those of the scratch schema's tables after loading. */
    record Rehearsal(Map<String, Long> expected, Map<String, Long> loaded) {
    }

    private Map<String, Long> countRows(String schema) {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Long> rows = new LinkedHashMap<>();
            for (DataTables.Table table : DataTables.read(connection, schema, historyTable).copied()) {
                rows.put(table.name(), DataTables.count(connection, Sql.quote(schema) + "." + table.quotedName()));
            }
            for (DataTables.DatasetTable table : DataTables.datasetTables(connection, schema)) {
                rows.put(DatasetTables.SCHEMA + "." + table.name(), DataTables.count(connection, DatasetTables.in(schema, table.name())));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the rehearsal's rows: " + e.getMessage(), e);
        }
    }

    private RestoreReport restore(Supplier<BackupInput> source, String checksum) {
        long started = System.nanoTime();
        scratchSchemas.dropAbandoned();
        try (BackupInput in = source.get()) {
            try {
                return restore(in, checksum, started);
            } catch (RuntimeException e) {
                throw checksumFirst(in, checksum, e);
            }
        }
    }

    private RestoreReport restore(BackupInput in, String checksum, long started) {
        BackupHeader header = in.header();
        String current = scratchSchemas.databaseVersionFor(header.schemaVersion());
        BackupInfo safety;
        long rows;
        if (header.schemaVersion().equals(current)) {
            safety = backups.safetyBackupHoldingLock();
            rows = load(in, checksum, Optional.empty());
        } else {
            try (ScratchSchemas.ScratchSchema scratch = scratchSchemas.create(header.schemaVersion())) {
                load(in, checksum, Optional.of(scratch.name()));
                scratch.migrateTo(current);
                safety = backups.safetyBackupHoldingLock();
                rows = replaceLiveData(scratch.name());
            }
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        String name = in.label();
        Log.infof("Restored %s (schema version %s, now %s): %d rows in %d ms; safety backup %s", name,
                header.schemaVersion(), current, rows, millis, safety.name());
        return new RestoreReport(name, header.schemaVersion(), current, rows, safety.name(), millis);
    }

    private static String checksumBeside(Path file) {
        try {
            return DirectoryBackupStore.storedChecksum(file.resolveSibling(file.getFileName() + ".sha256")).orElseThrow(() -> new InvalidBackupException(
                    "it has no checksum file " + file.getFileName() + ".sha256 beside it"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void verifyChecksum(BackupInput in, String checksum) {
        if (!in.sha256().equals(checksum)) {
            throw new InvalidBackupException("its SHA-256 does not match " + in.label() + ".sha256 (corrupt or changed)");
        }
    }

    /**
     * A file that is not the one its checksum file names is refused for that, whatever else failed on the way
     * (a gzip error, a malformed line, a newer version): its damage explains the rest, as when the checksum was
     * checked before anything else.
     */
    private static RuntimeException checksumFirst(BackupInput in, String checksum, RuntimeException failure) {
        try {
            verifyChecksum(in, checksum);
        } catch (InvalidBackupException mismatch) {
            return mismatch;
        } catch (UncheckedIOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * Loads the rest of the file and commits it, into the live tables or into a scratch schema (whose dataset
     * tables stay in it until {@link #replaceLiveData} moves them). A bad file fails here and rolls back: the
     * live data is unchanged.
     *
     * @return the rows loaded, dataset rows included
     */
    private long load(BackupInput in, String checksum, Optional<String> scratch) {
        return spans.operation("restore", span -> {
            span.setAttribute(BackupTaker.BACKUP_NAME, in.label());
            return loadInOneTransaction(in, checksum, scratch);
        });
    }

    private long loadInOneTransaction(BackupInput in, String checksum, Optional<String> scratch) {
        try (Connection connection = dataSource.getConnection()) {
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
                BackupLoader.load(in.lines(), in.header(), connection, schema, tables, scratch.orElse(DatasetTables.SCHEMA), spans);
                verifyChecksum(in, checksum);
                bulk.finish();
                connection.commit();
                return in.header().totalRows();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (EOFException | ZipException e) {
            throw InvalidBackupException.damagedGzip();
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
                for (DataTables.DatasetTable table : DataTables.datasetTables(connection, scratch)) {
                    // Loaded in the scratch schema, which is dropped next: moved, not copied.
                    Sql.execute(connection, "ALTER TABLE " + DatasetTables.in(scratch, table.name()) + " SET SCHEMA " + DatasetTables.SCHEMA);
                    rows += DataTables.count(connection, DatasetTables.qualified(table.name()));
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
}
