package academy.datadetective.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;
import academy.datadetective.migration.ScratchDatabaseResource;
import academy.datadetective.seed.SeedService;

/**
 * Issue 20's offsite copies and encryption, through the running service: a backup goes to the directory and to
 * a real S3 server (S3Proxy), encrypted with OpenPGP; the bucket alone restores it; a damaged copy in the bucket is
 * refused before anything changes; refused credentials are a clear failure whose missing copy is made after the
 * next backup; backups of an older key restore with it.
 */
@QuarkusTest
@TestProfile(BackupOffsiteTest.ObjectStorageAndEncryption.class)
class BackupOffsiteTest {

    static final Path DIRECTORY = Path.of("target", "backup-offsite-test-" + UUID.randomUUID());
    private static final String PREFIX = "backups/";
    private static final String OPS_EMAIL = "offsite-ops@example.com";
    private static final String OPS_PASSWORD = "offsite-ops-test-password";

    public static class ObjectStorageAndEncryption implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("academy.backup.dir", DIRECTORY.toString(),
                    "academy.seed.bootstrap-admin.email", OPS_EMAIL,
                    "academy.seed.bootstrap-admin.password", OPS_PASSWORD);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScratchDatabaseResource.class), new TestResourceEntry(S3ProxyResource.class),
                    new TestResourceEntry(EncryptionKeysResource.class));
        }
    }

    @S3ProxyResource.InjectS3Proxy
    S3ProxyServer s3;

    @Inject
    DataSource dataSource;

    @Inject
    BackupTaker backups;

    @Inject
    BackupEncryption encryption;

    @Inject
    RestoreDrill drill;

    @Inject
    SeedService seeds;

    private TestSql db;
    private String adminToken;

    @BeforeEach
    void setUp() {
        db = new TestSql(dataSource);
        adminToken = null;
    }

    @Test
    void aBackupGoesEncryptedToTheDirectoryAndTheBucketWithItsChecksumInBoth() throws IOException {
        String name = asAdmin().when().post("/admin/backups").then().statusCode(201)
                .body("name", endsWith(".sql.gz.gpg"))
                .body("encryption_key_id", equalTo(encryption.keyId().orElseThrow()))
                .body("copies.destination", equalTo(List.of("directory", "s3")))
                .body("copies[1].location", equalTo("s3://" + S3ProxyResource.BUCKET + "/" + PREFIX))
                .extract().path("name");
        byte[] local = Files.readAllBytes(DIRECTORY.resolve(name));
        byte[] remote = object(name);
        assertArrayEquals(local, remote, "the same stored bytes in both");
        String sha256 = GeneratedBytes.sha256(remote);
        assertEquals(sha256 + "  " + name + "\n", new String(object(name + ".sha256"), StandardCharsets.UTF_8));
        assertEquals(sha256, s3.client().headObject(HeadObjectRequest.builder().bucket(S3ProxyResource.BUCKET).key(PREFIX + name)
                .build()).metadata().get("sha256"));
        assertTrue(new String(object(name + ".json"), StandardCharsets.UTF_8).contains("\"encryption_key_id\":\"" + encryption.keyId().get() + "\""));
        assertFalse(new String(local, StandardCharsets.ISO_8859_1).contains("Data Detective Academy backup"), "no clear text at rest");

        asAdmin().when().get("/admin/backups").then().statusCode(200)
                .body("find { it.name == '" + name + "' }.copies.size()", equalTo(2));
        asAdmin().when().post("/admin/backups/" + name + "/verify").then().statusCode(200)
                .body("verified", equalTo(List.of(true, true)))
                .body("destination", equalTo(List.of("directory", "s3")));
    }

    @Test
    void theBucketAloneRestoresTheDownloadIsTheBucketsAndTheDrillReadsTheOffsiteCopy() throws IOException {
        Accounts.Account student = Accounts.register("student");
        String name = backups.backup().name();
        db.execute("DELETE FROM users WHERE id = " + student.id());
        deleteLocalCopy(name);

        asAdmin().when().get("/admin/backups/" + name + "/info").then().statusCode(200)
                .body("copies.destination", equalTo(List.of("s3")));
        byte[] downloaded = asAdmin().when().get("/admin/backups/" + name).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(object(name), downloaded);

        asAdmin().queryParam("confirm", "replace-all-data").when().post("/admin/backups/" + name + "/restore").then().statusCode(200);
        assertEquals("1", db.string("SELECT count(*) FROM users WHERE id = " + student.id()), "restored from the bucket");

        RestoreDrill.DrillReport report = drill.run();
        assertTrue(report.succeeded(), report.problem().orElse(""));
        assertTrue(report.location().startsWith("s3://"), report.location());
    }

    @Test
    void aCopyInTheBucketWhoseChecksumIsWrongIsRefusedBeforeAnythingChanges() throws IOException {
        String name = backups.backup().name();
        deleteLocalCopy(name);
        put(name + ".sha256", ("0".repeat(64) + "  " + name + "\n").getBytes(StandardCharsets.UTF_8));
        Accounts.register("student");
        long users = db.count("users");

        asAdmin().queryParam("confirm", "replace-all-data").when().post("/admin/backups/" + name + "/restore").then()
                .statusCode(422).body("detail", containsString("SHA-256"));
        assertEquals(users, db.count("users"));
    }

    @Test
    void refusedCredentialsFailTheBackupClearlyKeepTheLocalCopyAndTheNextBackupMakesTheMissingOne() {
        String secret = System.getProperty(S3ProxyResource.SECRET_KEY_PROPERTY);
        System.setProperty(S3ProxyResource.SECRET_KEY_PROPERTY, "not-the-secret");
        String failed;
        try {
            failed = asAdmin().when().post("/admin/backups").then().statusCode(502)
                    .body("detail", containsString("kept in " + DIRECTORY.toAbsolutePath().normalize()))
                    .body("detail", containsString("refused the credentials"))
                    .extract().path("detail");
        } finally {
            System.setProperty(S3ProxyResource.SECRET_KEY_PROPERTY, secret);
        }
        String name = failed.substring("Backup ".length(), failed.indexOf(" was kept"));
        assertTrue(Files.exists(DIRECTORY.resolve(name)));
        assertFalse(s3.keys(PREFIX).contains(PREFIX + name), "no object under the failed backup's name");
        assertEquals(List.of(), s3.unfinishedUploads(PREFIX).stream().map(upload -> upload.key()).toList().stream()
                .filter(key -> key.contains(name)).toList());

        backups.backup();
        assertTrue(s3.keys(PREFIX).contains(PREFIX + name), "made after the next backup");
        asAdmin().when().get("/admin/backups/" + name + "/info").then().body("copies.size()", equalTo(2));
    }

    @Test
    void aBackupEncryptedToTheOldKeyStillRestores() throws Exception {
        Accounts.Account student = Accounts.register("student");
        String current = backups.backup().name();
        // The same backup as it was before the key rotation: its gzip stream encrypted to the old key.
        byte[] gzip;
        try (InputStream in = encryption.decrypt(current, Files.newInputStream(DIRECTORY.resolve(current)))) {
            gzip = in.readAllBytes();
        }
        Path keys = Files.createTempDirectory("old-key");
        BackupEncryptionKey oldKey = BackupEncryptionKey.read(EncryptionKeysResource.oldPublicKey(keys));
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (OutputStream out = oldKey.encrypt(encrypted)) {
            out.write(gzip);
        }
        String old = "backup_20260101_020000.sql.gz.gpg";
        Files.write(DIRECTORY.resolve(old), encrypted.toByteArray());
        Files.writeString(DIRECTORY.resolve(old + ".sha256"), GeneratedBytes.sha256(encrypted.toByteArray()) + "  " + old + "\n");
        Files.write(DIRECTORY.resolve(old + ".json"), Files.readAllBytes(DIRECTORY.resolve(current + ".json")));
        db.execute("DELETE FROM users WHERE id = " + student.id());

        asAdmin().queryParam("confirm", "replace-all-data").when().post("/admin/backups/" + old + "/restore").then().statusCode(200);
        assertEquals("1", db.string("SELECT count(*) FROM users WHERE id = " + student.id()));
    }

    private void deleteLocalCopy(String name) throws IOException {
        for (String file : List.of(name, name + ".sha256", name + ".json")) {
            Files.deleteIfExists(DIRECTORY.resolve(file));
        }
    }

    private byte[] object(String name) {
        return s3.client().getObjectAsBytes(GetObjectRequest.builder().bucket(S3ProxyResource.BUCKET).key(PREFIX + name).build())
                .asByteArray();
    }

    private void put(String name, byte[] content) {
        s3.client().putObject(PutObjectRequest.builder().bucket(S3ProxyResource.BUCKET).key(PREFIX + name).build(),
                RequestBody.fromBytes(content));
    }

    private RequestSpecification asAdmin() {
        if (adminToken == null) {
            seeds.ensureBootstrapAdmin();
            adminToken = Accounts.login(OPS_EMAIL, OPS_PASSWORD).accessToken();
        }
        return given().auth().oauth2(adminToken);
    }
}
