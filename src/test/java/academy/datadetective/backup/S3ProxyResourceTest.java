package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What a {@code @QuarkusTest} profile gets from the resource: settings and credentials the service's own client finds. */
class S3ProxyResourceTest {

    @Test
    void theServicesSettingsAndTheDefaultCredentialChainReachTheServer() throws IOException {
        S3ProxyResource resource = new S3ProxyResource();
        try {
            Map<String, String> settings = resource.start();

            assertEquals(Set.of("academy.backup.s3.bucket", "academy.backup.s3.endpoint", "academy.backup.s3.region",
                    "academy.backup.s3.path-style"), settings.keySet());
            BackupName name = BackupName.parse("backup_20260101_020000.sql.gz").orElseThrow();
            try (S3BackupStore store = S3BackupStore.fromConfig(new Settings(settings))) {
                try (NewBackup backup = store.create(name, Set.of())) {
                    try (OutputStream out = backup.out()) {
                        out.write(1);
                    }
                    backup.publish("0".repeat(64), new BackupManifest(1, "V1", Instant.EPOCH, Map.of(), Optional.empty()));
                }
                assertEquals(List.of(name), store.list().stream().map(StoredBackup::name).toList());
                assertEquals("s3://" + S3ProxyResource.BUCKET + "/backups/", store.location());
            }
        } finally {
            resource.stop();
        }
        assertNull(System.getProperty(S3ProxyResource.ACCESS_KEY_PROPERTY));
        assertNull(System.getProperty(S3ProxyResource.SECRET_KEY_PROPERTY));
    }

    /** The settings as Quarkus would map them, with the default prefix. */
    private record Settings(Map<String, String> values) implements BackupConfig.S3 {

        @Override
        public Optional<String> bucket() {
            return Optional.of(values.get("academy.backup.s3.bucket"));
        }

        @Override
        public String prefix() {
            return "backups/";
        }

        @Override
        public Optional<URI> endpoint() {
            return Optional.of(URI.create(values.get("academy.backup.s3.endpoint")));
        }

        @Override
        public Optional<String> region() {
            return Optional.of(values.get("academy.backup.s3.region"));
        }

        @Override
        public boolean pathStyle() {
            return Boolean.parseBoolean(values.get("academy.backup.s3.path-style"));
        }
    }
}
