package academy.datadetective.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * What is kept beside a backup as {@code NAME.json}: its header's facts and the OpenPGP key it is encrypted to,
 * so that the listing, rotation and the health check need neither to read the file nor the private key. The
 * restore and verification trust the file's own header, never this.
 */
record BackupManifest(int format, String schemaVersion, Instant createdAt, Map<String, Long> rows, Optional<String> encryptionKeyId) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_ABSENT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static BackupManifest of(BackupHeader header, Optional<String> encryptionKeyId) {
        return new BackupManifest(header.format(), header.schemaVersion(), header.createdAt(), header.rows(), encryptionKeyId);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws InvalidBackupException for bytes that are not a manifest */
    static BackupManifest fromJson(byte[] json) {
        try {
            BackupManifest manifest = JSON.readValue(json, BackupManifest.class);
            if (manifest.schemaVersion() == null || manifest.createdAt() == null || manifest.rows() == null) {
                throw new InvalidBackupException("its manifest lacks the schema version, creation time or row counts");
            }
            return manifest;
        } catch (IOException e) {
            throw new InvalidBackupException("its manifest is not readable JSON");
        }
    }

    long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
