package academy.datadetective.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;
import academy.datadetective.common.OtlpReceiver;
import academy.datadetective.common.Spans;
import academy.datadetective.common.TelemetryTest;
import academy.datadetective.config.DatabaseUrl;
import academy.datadetective.config.TestDatabase;
import academy.datadetective.dataset.Datasets;
import academy.datadetective.health.ManagementInterface;
import academy.datadetective.migration.MigrationRunner;
import academy.datadetective.migration.ScratchDatabase;
import academy.datadetective.migration.ScratchDatabaseResource;
import academy.datadetective.seed.SeedService;

@QuarkusTest
@TestProfile(BackupResourceTest.OwnDatabaseAndDirectory.class)
public class BackupResourceTest {

    static final String OPS_EMAIL = "backup-ops@example.com";
    static final String OPS_PASSWORD = "backup-ops-test-password";
    static final Path DIRECTORY = Path.of("target", "backup-test-" + UUID.randomUUID());

    /**
     * Restores replace all data: a database of its own, and a directory of its own. The same application, whose
     * tests send every kind of statement, also runs with tracing and the SQL log (TelemetryTest), set through the
     * variables an operator sets; one application start serves both.
     */
    public static class OwnDatabaseAndDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("DB_ECHO", "true",
                    "DB_SLOW_QUERY_MS", String.valueOf(TelemetryTest.SLOW_MS),
                    // The SQL log reaches TelemetryTest's capture but not the console, where it would bury the tests' output.
                    "quarkus.log.category.\"academy.datadetective.common.StatementLog\".use-parent-handlers", "false",
                    "academy.backup.dir", DIRECTORY.toString(),
                    "academy.backup.upload-max-size", "1000000",
                    "academy.backup.upload-max-inflated-size", "5000000",
                    "academy.backup.keep", "10",
                    "academy.backup.before-migrations", "true",
                    "academy.seed.bootstrap-admin.email", OPS_EMAIL,
                    "academy.seed.bootstrap-admin.password", OPS_PASSWORD);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScratchDatabaseResource.class), new TestResourceEntry(OtlpReceiver.class));
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    BackupTaker backups;

    @Inject
    Spans spans;

    @Inject
    BackupCatalogue catalogue;

    @Inject
    BackupRotation rotation;

    @Inject
    NightlyBackupJob nightly;

    @Inject
    SeedService seeds;

    @BeforeAll
    static void explainFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private String adminToken;
    private TestSql db;

    @BeforeEach
    void emptyDirectory() throws IOException {
        adminToken = null;
        db = new TestSql(dataSource);
        Files.createDirectories(DIRECTORY);
        try (var files = Files.list(DIRECTORY)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void aBackupIsCreatedListedDownloadedAndDeletedWithAChecksumBesideIt() throws Exception {
        Accounts.register("student");
        // What a backup killed mid-way leaves: never listed, and cleared by the next backup.
        Files.writeString(DIRECTORY.resolve(".backup_20200101_000000.sql.gz.0f.partial"), "-- Data Detective Academy backup\n");
        asAdmin().when().get("/admin/backups").then().statusCode(200).body("size()", equalTo(0));
        String name = asAdmin().when().post("/admin/backups")
                .then().statusCode(201)
                .body("name", matchesPattern("backup_\\d{8}_\\d{6}(_\\d+)?\\.sql\\.gz"))
                .body("rows.users", equalTo((int) db.count("users")))
                .extract().path("name");
        Path file = DIRECTORY.resolve(name);
        // sha256sum -c format: "<hex>  <name>"
        assertEquals(sha256(file) + "  " + name + "\n", Files.readString(DIRECTORY.resolve(name + ".sha256")));
        assertEquals(List.of(name, name + ".json", name + ".sha256"), listing(), "no temporary file may remain");
        asAdmin().when().get("/admin/backups/" + name + "/info").then().statusCode(200)
                .body("copies[0].destination", equalTo("directory"))
                .body("copies[0].location", equalTo(DIRECTORY.toAbsolutePath().normalize().toString()))
                .body("safety", equalTo(false)).body("pinned", equalTo(false));

        asAdmin().when().get("/admin/backups").then().statusCode(200)
                .body("[0].name", equalTo(name))
                .body("[0].size", equalTo((int) Files.size(file)))
                .body("[0].sha256", equalTo(sha256(file)))
                .body("[0].schema_version", equalTo(currentVersion()));
        byte[] downloaded = asAdmin().when().get("/admin/backups/" + name)
                .then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .contentType("application/gzip")
                .extract().asByteArray();
        assertArrayEquals(Files.readAllBytes(file), downloaded);

        asAdmin().when().delete("/admin/backups/" + name).then().statusCode(204);
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(DIRECTORY.resolve(name + ".sha256")));
        asAdmin().when().get("/admin/backups/" + name + "/info").then().statusCode(404);
    }

    @Test
    void namesOutsideTheServicesPatternNeverReachTheFileSystem() throws IOException {
        Path outside = DIRECTORY.resolveSibling("backup_20200101_000000.sql.gz");
        Files.writeString(outside, "not yours");
        try {
            for (String name : List.of("..%2Fbackup_20200101_000000.sql.gz", "%2e%2e%2fbackup_20200101_000000.sql.gz", "%2e%2e", "%2Fetc%2Fpasswd",
                    "backup_20200101_000000.sql",
                    "backup_20200101_000000.sql.gz.sha256", "..", "notes.txt")) {
                asAdmin().urlEncodingEnabled(false).when().get("/admin/backups/" + name).then().statusCode(404);
                asAdmin().urlEncodingEnabled(false).when().delete("/admin/backups/" + name).then().statusCode(404);
                asAdmin().urlEncodingEnabled(false).queryParam("confirm", "replace-all-data")
                        .when().post("/admin/backups/" + name + "/restore").then().statusCode(404);
            }
            assertTrue(Files.exists(outside));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void symbolicLinksInTheBackupDirectoryAreNeverFollowed() throws Exception {
        Path outside = DIRECTORY.resolveSibling("outside-" + UUID.randomUUID() + ".sql.gz");
        Files.write(outside, Files.readAllBytes(DIRECTORY.resolve(backups.backup().name())));
        Path link = DIRECTORY.resolve("backup_20200102_000000.sql.gz");
        Files.createSymbolicLink(link, outside.toAbsolutePath());
        Files.createSymbolicLink(DIRECTORY.resolve("backup_20200102_000000.sql.gz.sha256"), outside.toAbsolutePath());
        try {
            asAdmin().when().get("/admin/backups").then().statusCode(200).body("name", not(hasItem(link.getFileName().toString())));
            asAdmin().when().get("/admin/backups/" + link.getFileName()).then().statusCode(404);
            asAdmin().when().get("/admin/backups/" + link.getFileName() + "/info").then().statusCode(404);
            restore(link.getFileName().toString()).then().statusCode(404);
            asAdmin().when().delete("/admin/backups/" + link.getFileName()).then().statusCode(404);
            assertTrue(Files.exists(outside));
            assertTrue(Files.isSymbolicLink(link));
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(DIRECTORY.resolve("backup_20200102_000000.sql.gz.sha256"));
            Files.delete(outside);
        }
    }

    @Test
    void anUploadedBackupIsCheckedStoredUnderABackupNameAndRestorable() throws Exception {
        Accounts.Account kept = Accounts.register("student");
        BackupInfo original = backups.backup();
        byte[] bytes = Files.readAllBytes(DIRECTORY.resolve(original.name()));
        catalogue.delete(original.name());
        db.execute("DELETE FROM users WHERE id = " + kept.id());

        String stored = asAdmin().contentType("application/gzip").body(bytes).queryParam("sha256", sha256(bytes))
                .when().post("/admin/backups/upload")
                .then().statusCode(201)
                .body("sha256", equalTo(sha256(bytes)))
                .extract().path("name");
        // Named by the time in its header: the name of the backup it was.
        assertEquals(original.name(), stored);
        restore(stored).then().statusCode(200);
        Accounts.login(kept);
    }

    @Test
    void aDamagedOversizedOrForeignUploadIsRejectedAndLeavesNoFile() throws Exception {
        byte[] bytes = Files.readAllBytes(DIRECTORY.resolve(backups.backup().name()));
        asAdmin().contentType("application/gzip").body(bytes).queryParam("sha256", "0".repeat(64))
                .when().post("/admin/backups/upload").then().statusCode(422).body("detail", containsString("SHA-256"));
        asAdmin().contentType("application/gzip").body(java.util.Arrays.copyOf(bytes, bytes.length - 10))
                .when().post("/admin/backups/upload").then().statusCode(422);
        asAdmin().contentType("application/gzip").body("just text".getBytes(StandardCharsets.UTF_8))
                .when().post("/admin/backups/upload").then().statusCode(422);
        byte[] large = new byte[1_000_001];
        new java.util.Random(1).nextBytes(large);
        asAdmin().contentType("application/gzip").body(large)
                .when().post("/admin/backups/upload").then().statusCode(413).contentType("application/problem+json");
        try (var files = Files.list(DIRECTORY)) {
            assertEquals(3, files.count(), "only the backup taken above, its checksum and its manifest");
        }
    }

    @Test
    void anUploadWithAShellCommandOrSqlTheServiceNeverWritesIsRefusedAndNothingIsStored() throws Exception {
        Accounts.register("student");
        String genuine = gunzip(DIRECTORY.resolve(backups.backup().name()));
        List<String> before = listing();
        Path ran = DIRECTORY.resolveSibling("psql-ran-" + UUID.randomUUID());
        Map<String, String> attacks = Map.of(
                "shell command", genuine.replace("\\set ON_ERROR_STOP on\n", "\\set ON_ERROR_STOP on\n\\! touch " + ran.toAbsolutePath() + "\n"),
                "dropped table", genuine.replace("\nCOMMIT;\n", "\nDROP TABLE users;\nCOMMIT;\n"),
                "inserted admin", genuine.replace("\nBEGIN;\n", "\nBEGIN;\nINSERT INTO users (email, name, role, password_hash)"
                        + " VALUES ('evil@example.com', 'Evil', 'admin', 'x');\n"),
                "table the service does not write", genuine.replace("\nCOMMIT;\n", "\nCOPY \"flyway_schema_history\" (\"version\") FROM stdin;\n999\n\\.\nCOMMIT;\n"),
                "column the service does not write", genuine.replaceFirst("COPY \"users\" \\(\"id\"", "COPY \"users\" (\"xmin\""));
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            assertTrue(!attack.getValue().equals(genuine), attack.getKey());
            asAdmin().contentType("application/gzip").body(gzip(attack.getValue()))
                    .when().post("/admin/backups/upload")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("not a backup as this service writes them"));
            assertEquals(before, listing(), attack.getKey() + ": no file, no checksum");
        }
        assertFalse(Files.exists(ran));
    }

    @Test
    void anUploadCreatedInTheFutureOrWithAnEndlessLineOrInflatingBeyondItsBoundIsRefused() throws Exception {
        Accounts.register("student");
        String genuine = gunzip(DIRECTORY.resolve(backups.backup().name()));
        List<String> before = listing();

        asAdmin().contentType("application/gzip").body(gzip(genuine.replaceFirst("-- created-at: \\S+", "-- created-at: 2099-01-01T00:00:00Z")))
                .when().post("/admin/backups/upload")
                .then().statusCode(400).body("detail", containsString("2099-01-01T00:00:00Z lies in the future"));

        // 16 MiB of one header line, 16 KiB compressed: refused at the line's bound, long before its end.
        asAdmin().contentType("application/gzip").body(endlessHeaderLine())
                .when().post("/admin/backups/upload")
                .then().statusCode(400).body("detail", containsString("longer than 65536 bytes"));

        // Rows of the right shape, but more of them than the inflated bound (5,000,000 bytes in this profile).
        String usersBlock = genuine.substring(genuine.indexOf("COPY \"users\""));
        String firstRow = usersBlock.lines().skip(1).findFirst().orElseThrow() + "\n";
        byte[] bomb = gzip(genuine.replace(firstRow, firstRow.repeat(5_000_000 / firstRow.length() + 1)));
        assertTrue(bomb.length < 1_000_000, "within the upload limit: " + bomb.length);
        asAdmin().contentType("application/gzip").body(bomb)
                .when().post("/admin/backups/upload")
                .then().statusCode(413).body("detail", containsString("BACKUP_UPLOAD_MAX_INFLATED_SIZE"));
        assertEquals(before, listing());
    }

    @Test
    void aFileWithAnEndlessHeaderLineCopiedIntoTheDirectoryIsSkippedNotRead() throws Exception {
        String kept = backups.backup().name();
        Path endless = DIRECTORY.resolve("backup_20200101_000004.sql.gz");
        Files.write(endless, endlessHeaderLine());
        asAdmin().when().get("/admin/backups").then().statusCode(200).body("name", equalTo(List.of(kept)));
        asAdmin().when().get("/admin/backups/" + endless.getFileName() + "/info").then().statusCode(400)
                .body("detail", containsString("longer than 65536 bytes"));
    }

    /** One header line of 16 MiB, gzipped to about 16 KiB. */
    private static byte[] endlessHeaderLine() throws IOException {
        java.io.ByteArrayOutputStream endless = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(endless)) {
            out.write("-- Data Detective Academy backup\n-- format: 1\n-- note: ".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 256; i++) {
                out.write(chunk);
            }
        }
        return endless.toByteArray();
    }

    @Test
    void uploadsNeverPushTheServicesOwnBackupsOutOfRotation() throws Exception {
        BackupInfo taken = backups.backup();
        byte[] bytes = Files.readAllBytes(DIRECTORY.resolve(taken.name()));
        catalogue.delete(taken.name());
        List<String> own = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            String name = String.format("backup_202601%02d_020000.sql.gz", day);
            Files.writeString(DIRECTORY.resolve(name), "x");
            Files.writeString(DIRECTORY.resolve(name + ".sha256"), "x");
            own.add(name);
        }
        // Newer than every one of the service's own: by the names alone it would count among the ten kept.
        String uploaded = asAdmin().contentType("application/gzip").body(bytes).when().post("/admin/backups/upload")
                .then().statusCode(201).body("uploaded", equalTo(true)).extract().path("name");

        String next = asAdmin().when().post("/admin/backups").then().statusCode(201).body("uploaded", equalTo(false)).extract().path("name");

        assertFalse(Files.exists(DIRECTORY.resolve(own.get(0))), "the oldest own backup makes room for the new one");
        for (String kept : own.subList(1, 10)) {
            assertTrue(Files.exists(DIRECTORY.resolve(kept)), kept);
        }
        assertTrue(Files.exists(DIRECTORY.resolve(next)));
        assertTrue(Files.exists(DIRECTORY.resolve(uploaded)));
        asAdmin().when().get("/admin/backups/" + uploaded + "/info").then().statusCode(200).body("uploaded", equalTo(true));
    }

    @Test
    void onlyAdminsManageBackups() {
        given().when().get("/admin/backups").then().statusCode(401);
        for (String role : List.of("student", "teacher")) {
            String token = Accounts.login(Accounts.register(role)).accessToken();
            given().auth().oauth2(token).when().get("/admin/backups").then().statusCode(403);
            given().auth().oauth2(token).when().post("/admin/backups").then().statusCode(403);
        }
    }

    @Test
    void aRestoreBringsBackExactlyTheDataOfTheBackupAndTheApiSeesIt() throws Exception {
        Accounts.Account kept = Accounts.register("student");
        String name = backups.backup().name();
        List<String> atBackup = snapshot();
        long newestId = Long.parseLong(db.string("SELECT max(id) FROM users"));

        Accounts.Account later = Accounts.register("teacher");
        db.execute("DELETE FROM users WHERE id = " + kept.id());

        asAdmin().when().post("/admin/backups/" + name + "/restore").then().statusCode(400)
                .body("detail", containsString("confirm=replace-all-data"));
        asAdmin().queryParam("confirm", "replace-all-data").when().post("/admin/backups/" + name + "/restore")
                .then().statusCode(200)
                .body("restored", equalTo(name))
                .body("safety_backup", matchesPattern("backup_.*\\.sql\\.gz"));

        assertEquals(atBackup, snapshot());
        Accounts.login(kept);
        given().contentType("application/json").body(Map.of("email", later.email(), "password", Accounts.PASSWORD))
                .when().post("/auth/login").then().statusCode(401);
        // Ids handed out after the backup are not handed out again.
        assertTrue(Accounts.register("student").id() > Math.max(newestId, later.id()));
    }

    @Test
    void datasetTablesAreBackedUpAndRestoredWithTheirRowsAndTypes() throws Exception {
        String teacher = Accounts.login(Accounts.register("teacher")).accessToken();
        long kept = Datasets.upload(teacher, "city,people,share\nOslo,709000,0.13\nBergen,,0.05\n\"Tromsø, N\",77000,\n");
        String name = backups.backup().name();
        assertTrue(gunzip(DIRECTORY.resolve(name)).contains("CREATE TABLE \"academy_datasets\".\"dataset_" + kept + "\""),
                "psql restores dataset tables from the file alone");
        List<String> atBackup = snapshot();

        long later = Datasets.upload(teacher, "x\n1\n");
        given().auth().oauth2(teacher).when().delete("/datasets/" + kept).then().statusCode(200);
        restore(name).then().statusCode(200);

        assertEquals(atBackup, snapshot());
        assertEquals(0, db.count("pg_tables WHERE schemaname = 'academy_datasets' AND tablename = 'dataset_" + later + "'"));
        // The restored table serves teachers' queries as before.
        given().auth().oauth2(teacher).contentType("application/json").body(Map.of("dataset_id", kept, "title", "Big cities",
                "description", "Cities over 100000", "expected_query", "SELECT city FROM dataset_" + kept + " WHERE people > 100000",
                "hints", List.of("", "", ""))).when().post("/challenges/custom").then().statusCode(201);
    }

    @Test
    void aBackupThatCannotBeWrittenFailsClearlyCountsTheFailureAndLeavesTheOtherBackupsAlone() throws Exception {
        String kept = backups.backup().name();
        List<String> before = listing();
        double failuresBefore = failureCount();
        // The directory cannot be created (its parent is a file): the write fails with an IOException, as a
        // full disk does (CI also fills a real tmpfs, see .ci/run).
        Path file = DIRECTORY.resolve("not-a-directory");
        Files.writeString(file, "x");
        try {
            BackupWriteFailedException failed = assertThrows(BackupWriteFailedException.class, () -> backups.backup(file.resolve("sub")));
            assertEquals(507, failed.status().getStatusCode());
            assertTrue(failed.getMessage().startsWith("Backup failed: cannot write to the backup directory ("), failed.getMessage());
        } finally {
            Files.delete(file);
        }
        assertEquals(failuresBefore + 1, failureCount());
        assertEquals(before, listing());
        asAdmin().when().get("/admin/backups/" + kept + "/info").then().statusCode(200);
    }

    private static double failureCount() {
        return ManagementInterface.metric("academy_backup_failures_total");
    }

    private static List<String> listing() throws IOException {
        try (var files = Files.list(DIRECTORY)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBackupRestoresIntoADatabaseThatHasNoneOfItsRows() throws Exception {
        Accounts.Account student = Accounts.register("student");
        db.execute("INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, hints_used, query)"
                + " VALUES (" + student.id() + ", 1, 1, 100, 0, 'SELECT * FROM users')");
        String name = backups.backup().name();
        List<String> atBackup = snapshot();
        // As a fresh database would be: no users, no progress, so no leaderboard totals either.
        db.execute("TRUNCATE users CASCADE");

        restore(name).then().statusCode(200);

        assertEquals(atBackup, snapshot());
        assertEquals("100", db.string("SELECT total_points FROM user_points WHERE user_id = " + student.id()));
    }

    @Test
    void aDamagedBackupIsRefusedBeforeAnythingChanges() throws Exception {
        Accounts.register("student");
        String name = backups.backup().name();
        Path file = DIRECTORY.resolve(name);
        asAdmin();
        List<String> before = snapshot();

        // Intact, but not the file its checksum names: read to its end in the one pass, then refused before the commit.
        Files.writeString(DIRECTORY.resolve(name + ".sha256"), "0".repeat(64) + "  " + name + "\n");
        restore(name).then().statusCode(422).body("detail", containsString("SHA-256"));
        assertEquals(before, snapshot());
        writeChecksum(file);

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        restore(name).then().statusCode(422).body("detail", containsString("SHA-256"));

        // Cut off, with a checksum that matches the cut file: the gzip stream itself must be checked.
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), bytes.length / 2));
        writeChecksum(file);
        restore(name).then().statusCode(422).body("detail", containsString("cut off"));

        Files.delete(DIRECTORY.resolve(name + ".sha256"));
        restore(name).then().statusCode(422).body("detail", containsString("checksum"));
        assertEquals(before, snapshot());
    }

    @Test
    void aBackupWhoseRowsViolateAConstraintChangesNothing() throws Exception {
        Accounts.login(Accounts.register("student"));
        Path valid = DIRECTORY.resolve(backups.backup().name());
        String sql = gunzip(valid);
        // The same user twice: the unique email index rejects the load part-way through.
        String usersBlock = sql.substring(sql.indexOf("COPY \"users\""));
        String firstRow = usersBlock.lines().skip(1).findFirst().orElseThrow();
        String duplicated = sql.replace(firstRow + "\n", firstRow + "\n" + firstRow.replaceFirst("^\\d+", "999999") + "\n")
                .replaceFirst("-- rows: users (\\d+)", "-- rows: users " + (db.count("users") + 1));
        Path bad = DIRECTORY.resolve("backup_20200101_000000.sql.gz");
        gzip(duplicated, bad);
        asAdmin();
        List<String> before = snapshot();

        restore(bad.getFileName().toString()).then().statusCode(422).body("detail", containsString("does not load"));
        assertEquals(before, snapshot());

        // A refresh token of a user the file does not hold: the foreign key, built again after the load, rejects it.
        Path orphan = DIRECTORY.resolve("backup_20200101_000003.sql.gz");
        String tokens = sql.substring(sql.indexOf("COPY \"refresh_tokens\""));
        String firstToken = tokens.lines().skip(1).findFirst().orElseThrow();
        assertTrue(firstToken.matches("\\d+\t.*"), "the backup holds a refresh token: " + firstToken);
        String[] columns = firstToken.split("\t");
        String userIdColumn = db.string("SELECT attnum - 1 FROM pg_attribute WHERE attrelid = 'refresh_tokens'::regclass"
                + " AND attname = 'user_id'");
        columns[Integer.parseInt(userIdColumn)] = "987654321";
        gzip(sql.replace(firstToken + "\n", String.join("\t", columns) + "\n"), orphan);
        restore(orphan.getFileName().toString()).then().statusCode(422).body("detail", containsString("does not load"));
        assertEquals(before, snapshot());
    }

    @Test
    void aBackupFromANewerSchemaIsRefused() throws Exception {
        Path valid = DIRECTORY.resolve(backups.backup().name());
        Path newer = DIRECTORY.resolve("backup_20200101_000001.sql.gz");
        gzip(gunzip(valid).replaceFirst("-- schema-version: \\d+", "-- schema-version: 999"), newer);
        restore(newer.getFileName().toString()).then().statusCode(409).body("detail", containsString("newer than this build"));
    }

    @Test
    void aBackupFromAnOlderSchemaIsMigratedForward() throws Exception {
        Path old = DIRECTORY.resolve("backup_20200101_000002.sql.gz");
        try (ScratchDatabase database = ScratchDatabase.create()) {
            new MigrationRunner(database.flyway()).up(Optional.of("1"), OptionalInt.empty());
            DatabaseUrl server = TestDatabase.url();
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), server.username().orElse(null),
                    server.password().orElse(null))) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO users (email, name, role, password_hash, last_login)"
                            + " VALUES ('v1-student@example.com', 'From V1', 'student', 'x', now())");
                }
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(old))) {
                    BackupWriter.prepare(connection, connection.getSchema(), "flyway_schema_history", spans).write(out);
                }
                connection.rollback();
            }
        }
        writeChecksum(old);
        assertEquals("1", catalogue.get(old.getFileName().toString()).schemaVersion());

        restore(old.getFileName().toString()).then().statusCode(200)
                .body("backup_schema_version", equalTo("1"))
                .body("schema_version", equalTo(currentVersion()));
        assertEquals(List.of("v1-student@example.com"), db.strings("SELECT email FROM users WHERE deactivated_at IS NULL ORDER BY id"));
        assertEquals(currentVersion(), db.string("SELECT max(version::int)::text FROM flyway_schema_history WHERE success"));
        // Uploaded, it is checked against the tables of its own version, built in a scratch schema that goes again.
        adminToken = null;
        asAdmin().contentType("application/gzip").body(Files.readAllBytes(old)).when().post("/admin/backups/upload")
                .then().statusCode(201).body("schema_version", equalTo("1"));
        assertEquals(0, db.count("pg_namespace WHERE nspname LIKE 'academy_restore_%'"));
    }

    @Test
    void aBackupTakenDuringWritesIsOneConsistentSnapshot() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
            int written = 0;
            while (writing.get()) {
                // A user and its token in one transaction: a backup reading the two tables at different
                // moments would hold tokens of users it does not hold, and fail to load.
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    try (PreparedStatement user = connection.prepareStatement("INSERT INTO users (email, name, role, password_hash)"
                            + " VALUES (?, 'Writer', 'student', 'x') RETURNING id")) {
                        user.setString(1, "writer-" + UUID.randomUUID() + "@example.com");
                        try (ResultSet id = user.executeQuery()) {
                            id.next();
                            try (Statement token = connection.createStatement()) {
                                token.execute("INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES ('"
                                        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(UUID.randomUUID().toString()
                                                .getBytes(StandardCharsets.UTF_8)))
                                        + "', gen_random_uuid(), " + id.getLong(1) + ", now() + interval '1 day')");
                            }
                        }
                    }
                    connection.commit();
                    written++;
                    committed.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return written;
        });
        // Writes before the backup, and writes while and after it is taken.
        awaitCommitted(committed, 20, writer);
        String name = backups.backup().name();
        awaitCommitted(committed, committed.get() + 20, writer);
        writing.set(false);
        assertTrue(writer.get() > 0);

        restore(name).then().statusCode(200);
        long users = Long.parseLong(db.string("SELECT count(*) FROM users WHERE email LIKE 'writer-%'"));
        assertTrue(users > 0);
        assertEquals(users, Long.parseLong(db.string("SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id"
                + " WHERE u.email LIKE 'writer-%'")));
    }

    @Test
    void rotationKeepsTheNewestTenByNameAndTouchesNoOtherFile() throws Exception {
        List<String> names = new ArrayList<>();
        for (int day = 1; day <= 12; day++) {
            String name = String.format("backup_202601%02d_020000.sql.gz", day);
            Path file = DIRECTORY.resolve(name);
            Files.writeString(file, "x");
            Files.writeString(DIRECTORY.resolve(name + ".sha256"), "x");
            // File times say the opposite of the names: rotation must go by the names.
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(day * 3600L)));
            names.add(name);
        }
        Files.writeString(DIRECTORY.resolve("backup_notes.txt"), "mine");
        Files.writeString(DIRECTORY.resolve("backup_20000101_000000.sql"), "mine");

        assertEquals(names.subList(0, 2), rotation.rotate(new DirectoryBackupStore(DIRECTORY)));
        for (String name : names) {
            boolean kept = names.indexOf(name) >= 2;
            assertEquals(kept, Files.exists(DIRECTORY.resolve(name)), name);
            assertEquals(kept, Files.exists(DIRECTORY.resolve(name + ".sha256")), name);
        }
        assertTrue(Files.exists(DIRECTORY.resolve("backup_notes.txt")));
        assertTrue(Files.exists(DIRECTORY.resolve("backup_20000101_000000.sql")));
    }

    @Test
    void aSecondBackupWhileOneRunsGetsAConflict() throws SQLException {
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            // What another replica's running backup holds.
            statement.execute("SELECT pg_advisory_lock(hashtext('academy:backup'))");
            try {
                asAdmin().when().post("/admin/backups").then().statusCode(409).contentType("application/problem+json");
            } finally {
                statement.execute("SELECT pg_advisory_unlock(hashtext('academy:backup'))");
            }
        }
        asAdmin().when().post("/admin/backups").then().statusCode(201);
    }

    @Test
    void theNightlyBackupIsTakenOnceWhenTwoReplicasFireForTheSameNight() throws Exception {
        Instant night = Instant.parse("2026-03-0" + (1 + (int) (System.nanoTime() % 9)) + "T02:00:00Z").plusSeconds(
                (System.nanoTime() % 100_000));
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> nightly.run(night));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> nightly.run(night.plusMillis(700)));
        assertEquals(1, (first.get() ? 1 : 0) + (second.get() ? 1 : 0));
        try (var files = Files.list(DIRECTORY)) {
            assertEquals(1, files.filter(file -> file.getFileName().toString().endsWith(".sql.gz")).count());
        }
        assertEquals("succeeded", db.string("SELECT string_agg(outcome, ',') FROM job_runs WHERE job = 'nightly-backup'"
                + " AND scheduled_for = '" + night + "'"));
        // The group's other check, the restore drill, is BackupLifecycleTest's.
        given().when().get(ManagementInterface.url("/q/health/group/backups")).then()
                .body("checks.find { it.name == 'backup-age' }.status", equalTo("UP"));
    }

    /**
     * Logs in once per test, since a login writes a refresh token and would change the data a test compares;
     * the bootstrap admin again first, since a restored backup may come from a time before it existed.
     */
    private RequestSpecification asAdmin() {
        if (adminToken == null) {
            seeds.ensureBootstrapAdmin();
            adminToken = Accounts.login(OPS_EMAIL, OPS_PASSWORD).accessToken();
        }
        return given().auth().oauth2(adminToken);
    }

    private io.restassured.response.Response restore(String name) {
        return asAdmin().queryParam("confirm", "replace-all-data").when().post("/admin/backups/" + name + "/restore");
    }

    private String currentVersion() {
        return db.string("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1");
    }

    /** Every row of every application table, sorted, for before/after comparisons. */
    private List<String> snapshot() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (DataTables.Table table : DataTables.read(connection, connection.getSchema(), "flyway_schema_history").tables()) {
                // A session's counter rows (V10) are rebuilt in the restoring session's slot: what they count is
                // compared through the views that sum them, below.
                if (!table.columns().contains("slot")) {
                    rows.addAll(db.strings("SELECT '" + table.name() + " ' || row_to_json(t)::text FROM " + table.quotedName() + " t ORDER BY 1"));
                }
            }
        }
        for (String view : db.strings("SELECT table_name FROM information_schema.views WHERE table_schema = current_schema() ORDER BY 1")) {
            rows.addAll(db.strings("SELECT '" + view + " ' || row_to_json(t)::text FROM " + view + " t ORDER BY 1"));
        }
        for (String table : db.strings("SELECT tablename FROM pg_tables WHERE schemaname = 'academy_datasets' ORDER BY 1")) {
            rows.addAll(db.strings("SELECT '" + table + " ' || string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)"
                    + " FROM information_schema.columns WHERE table_schema = 'academy_datasets' AND table_name = '" + table + "'"));
            rows.addAll(db.strings("SELECT '" + table + " ' || row_to_json(t)::text FROM academy_datasets." + table + " t ORDER BY 1"));
        }
        // A restore drops indexes and foreign keys while it loads: every one must be back, as it was.
        rows.addAll(db.strings("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"));
        rows.addAll(db.strings("SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE connamespace = current_schema()::regnamespace ORDER BY 1"));
        rows.addAll(db.strings("SELECT tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger"
                + " WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE '%.%' ORDER BY 1"));
        return rows;
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void writeChecksum(Path file) throws Exception {
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), sha256(file) + "  " + file.getFileName() + "\n");
    }

    private static String gunzip(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String content) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void gzip(String content, Path file) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        writeChecksum(file);
    }

    /** Until the writer has committed that many, or has failed (which its future then reports). */
    private static void awaitCommitted(AtomicInteger committed, int count, CompletableFuture<Integer> writer) throws Exception {
        while (committed.get() < count) {
            if (writer.isDone()) {
                writer.get();
                throw new AssertionError("the writer stopped after " + committed.get() + " writes");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
