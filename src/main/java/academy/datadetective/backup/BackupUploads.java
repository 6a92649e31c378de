package academy.datadetective.backup;

import java.io.EOFException;
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
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;

import academy.datadetective.common.Sha256;

/**
 * Stores uploaded backups under a name of this service's pattern (from the time in their header), after
 * checking all of each: the checksum the uploader states, if any, the whole gzip stream, the header (its
 * creation time not in the future), and every line after it ({@link BackupCheck}: only what the backup
 * writer writes, for the tables and columns of the backup's schema version). Nothing is restored; a
 * restore by name follows.
 */
@ApplicationScoped
public class BackupUploads {

    private final DataSource dataSource;
    private final BackupConfig config;
    private final BackupDestinations destinations;
    private final BackupCatalogue catalogue;
    private final BackupLock lock;
    private final ScratchSchemas scratchSchemas;
    private final BackupPublisher publisher;
    private final String historyTable;

    BackupUploads(DataSource dataSource, BackupConfig config, BackupDestinations destinations, BackupCatalogue catalogue,
            BackupLock lock, ScratchSchemas scratchSchemas, BackupPublisher publisher,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String historyTable) {
        this.dataSource = dataSource;
        this.config = config;
        this.destinations = destinations;
        this.catalogue = catalogue;
        this.lock = lock;
        this.scratchSchemas = scratchSchemas;
        this.publisher = publisher;
        this.historyTable = historyTable;
    }

    /**
     * Received into a temporary file (in the backup directory, else the system's temporary directory), checked, then
     * kept in every destination, encrypted when backups are. The check holds the backup lock, since it may build a
     * scratch schema.
     */
    public BackupInfo store(InputStream upload, Optional<String> statedSha256) {
        Path temporary = null;
        try {
            temporary = destinations.directory().isPresent() ? destinations.directory().get().newUploadFile()
                    : Files.createTempFile("academy-upload-", ".partial");
            MessageDigest sha256 = Sha256.newDigest();
            long size;
            try (OutputStream file = Files.newOutputStream(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
                    DigestOutputStream digest = new DigestOutputStream(file, sha256)) {
                size = copyAtMost(upload, digest, config.uploadMaxSize());
            }
            String checksum = Sha256.hex(sha256);
            if (statedSha256.isPresent() && !statedSha256.get().strip().equalsIgnoreCase(checksum)) {
                throw new InvalidBackupException("its SHA-256 is not the one stated (the upload is damaged)");
            }
            Path received = temporary;
            return lock.exclusively(() -> {
                BackupHeader header = check(received);
                List<BackupStore> stores = destinations.all();
                BackupName name = publisher.freeName(stores, header.createdAt());
                BackupPublisher.Published published;
                try {
                    published = publisher.publish(stores, name, EnumSet.of(BackupMarker.UPLOADED), header,
                            gzipped -> Files.copy(received, gzipped));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                published.incomplete().ifPresent(failure -> {
                    throw failure;
                });
                Log.infof("Stored uploaded backup %s (%d bytes, schema version %s)", name, size, header.schemaVersion());
                return catalogue.get(name.value());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temporary != null) {
                DirectoryBackupStore.deleteQuietly(temporary);
            }
        }
    }

    /**
     * Reads the whole upload through its inflated-size bound: header, then every line against the tables of
     * the header's schema version.
     */
    private BackupHeader check(Path file) {
        try (InputStream in = new BoundedInputStream(new GZIPInputStream(Files.newInputStream(file), 64 * 1024),
                config.uploadMaxInflatedSize())) {
            LineReader lines = new LineReader(in);
            BackupHeader header = BackupHeader.read(lines);
            BackupCheck.check(header, lines, tablesAt(header.schemaVersion()), Instant.now());
            return header;
        } catch (EOFException | ZipException e) {
            throw InvalidBackupException.damagedGzip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        String current = scratchSchemas.databaseVersionFor(version);
        try (Connection connection = dataSource.getConnection()) {
            if (version.equals(current)) {
                return DataTables.read(connection, connection.getSchema(), historyTable);
            }
            try (ScratchSchemas.ScratchSchema scratch = scratchSchemas.create(version)) {
                return DataTables.read(connection, scratch.name(), historyTable);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the tables of schema version " + version + ": " + e.getMessage(), e);
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

    /** An inflating stream that stops at a bound: a small gzip file can inflate to gigabytes. */
    private static final class BoundedInputStream extends BlockFilterInputStream {
        private final long limit;
        private long read;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int count = in.read(bytes, offset, (int) Math.min(length, limit + 1 - read));
            if (count > 0 && (read += count) > limit) {
                throw BackupTooLargeException.inflated(limit);
            }
            return count;
        }
    }
}
