package academy.datadetective.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

import academy.datadetective.Await;
import academy.datadetective.TestSql;
import academy.datadetective.auth.Accounts;
import academy.datadetective.health.ManagementInterface;
import academy.datadetective.migration.MigrationService;
import academy.datadetective.seed.SeedService;

/**
 * Issue 20 on the directory: retention tiers, pins and safety backups against rotation, verification, the restore
 * drill, the safety backup before migrations and the 503 of every replica during a restore. The same application as
 * BackupResourceTest (its profile: a database and a directory of their own).
 */
@QuarkusTest
@TestProfile(BackupResourceTest.OwnDatabaseAndDirectory.class)
class BackupLifecycleTest {

    private static final Path DIRECTORY = BackupResourceTest.DIRECTORY;

    @Inject
    DataSource dataSource;

    @Inject
    BackupTaker backups;

    @Inject
    BackupCatalogue catalogue;

    @Inject
    RestoreDrill drill;

    @Inject
    MigrationService migrations;

    @Inject
    SeedService seeds;

    private TestSql db;
    private String adminToken;

    @BeforeEach
    void emptyDirectory() throws IOException {
        db = new TestSql(dataSource);
        adminToken = null;
        Files.createDirectories(DIRECTORY);
        try (var files = Files.list(DIRECTORY)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void pinnedAndSafetyBackupsOutliveRotationAndPruneSaysWhatGoesAndWhy() throws IOException {
        BackupInfo now = backups.backup();
        for (int day = 1; day <= 14; day++) {
            copyAs(now.name(), String.format("backup_202501%02d_020000.sql.gz", day));
        }
        asAdmin().when().post("/admin/backups/backup_20250102_020000.sql.gz/pin").then().statusCode(200).body("pinned", equalTo(true));
        Files.writeString(DIRECTORY.resolve(".backup_20250103_020000.sql.gz.safety"), "");

        // keep 10 (the test profile), daily 7, weekly 5, monthly 12, 30 days: 1-4 January are beyond every tier, the
        // 5th is the newest of its ISO week (2025-W01), the rest are among the newest ten; 2 and 3 are kept apart.
        asAdmin().queryParam("dry_run", true).when().post("/admin/backups/prune").then().statusCode(200)
                .body("dry_run", equalTo(true))
                .body("destinations[0].destination", equalTo("directory"))
                .body("destinations[0].backups.find { it.name == '" + now.name() + "' }.reasons", hasItem("latest backup"))
                .body("destinations[0].backups.find { it.name == 'backup_20250101_020000.sql.gz' }.keep", equalTo(false))
                .body("destinations[0].backups.find { it.name == 'backup_20250101_020000.sql.gz' }.reasons", equalTo(List.of("beyond every tier")))
                .body("destinations[0].backups.find { it.name == 'backup_20250102_020000.sql.gz' }.reasons", equalTo(List.of("pinned")))
                .body("destinations[0].backups.find { it.name == 'backup_20250103_020000.sql.gz' }.reasons", equalTo(List.of("safety backup")))
                .body("destinations[0].backups.find { it.name == 'backup_20250105_020000.sql.gz' }.reasons", equalTo(List.of("weekly 2025-W01")))
                .body("destinations[0].backups.find { it.name == 'backup_20250106_020000.sql.gz' }.reasons", hasItem("newest 10"));
        assertTrue(Files.exists(DIRECTORY.resolve("backup_20250101_020000.sql.gz")), "a dry run deletes nothing");

        asAdmin().when().post("/admin/backups/prune").then().statusCode(200).body("dry_run", equalTo(false));
        assertEquals(List.of("backup_20250102_020000.sql.gz", "backup_20250103_020000.sql.gz", "backup_20250105_020000.sql.gz"),
                names().subList(0, 3));
        assertFalse(Files.exists(DIRECTORY.resolve("backup_20250101_020000.sql.gz.sha256")));
        assertFalse(Files.exists(DIRECTORY.resolve("backup_20250104_020000.sql.gz.json")));

        asAdmin().when().delete("/admin/backups/backup_20250102_020000.sql.gz/pin").then().statusCode(200).body("pinned", equalTo(false));
        backups.backup();
        assertFalse(Files.exists(DIRECTORY.resolve("backup_20250102_020000.sql.gz")), "unpinned, the next rotation deletes it");
        assertTrue(Files.exists(DIRECTORY.resolve("backup_20250103_020000.sql.gz")), "a safety backup stays");
    }

    @Test
    void aRestoreLeavesAMarkedSafetyBackupThatRotationKeeps() {
        String name = backups.backup().name();
        String safety = asAdmin().queryParam("confirm", "replace-all-data").when().post("/admin/backups/" + name + "/restore")
                .then().statusCode(200).extract().path("safety_backup");
        asAdmin().when().get("/admin/backups/" + safety + "/info").then().statusCode(200).body("safety", equalTo(true));
        asAdmin().when().get("/admin/backups/" + name + "/info").then().statusCode(200).body("safety", equalTo(false));
    }

    @Test
    void verificationReadsEveryCopyWholeAndNamesWhatIsWrong() throws IOException {
        Accounts.register("student");
        BackupInfo backup = backups.backup();
        asAdmin().when().post("/admin/backups/" + backup.name() + "/verify").then().statusCode(200)
                .body("[0].verified", equalTo(true))
                .body("[0].destination", equalTo("directory"))
                .body("[0].rows.users", equalTo(backup.rows().get("users").intValue()));
        assertTrue(ManagementInterface.metric("academy_backup_last_verified_timestamp_seconds") > 0);

        Path file = DIRECTORY.resolve(backup.name());
        byte[] bytes = Files.readAllBytes(file);
        byte[] damaged = bytes.clone();
        damaged[damaged.length / 2] ^= 0x01;
        Files.write(file, damaged);
        // Where the flipped bit lands decides which check trips first (the gzip stream, the header, the checksum).
        asAdmin().when().post("/admin/backups/" + backup.name() + "/verify").then().statusCode(200)
                .body("[0].verified", equalTo(false))
                .body("[0].problem", notNullValue());

        Files.write(file, bytes);
        Files.writeString(DIRECTORY.resolve(backup.name() + ".sha256"), "0".repeat(64) + "  " + backup.name() + "\n");
        asAdmin().when().post("/admin/backups/" + backup.name() + "/verify").then().statusCode(200)
                .body("[0].verified", equalTo(false))
                .body("[0].problem", containsString("SHA-256"));
    }

    @Test
    void theDrillRestoresTheNewestBackupWhereTheLiveServiceNeverReadsAndCountsItsRows() {
        Accounts.register("student");
        BackupInfo backup = backups.backup();
        long users = db.count("users");

        RestoreDrill.DrillReport report = drill.run();

        assertTrue(report.succeeded(), report.problem().orElse(""));
        assertEquals(backup.name(), report.name());
        assertEquals(backup.rows().values().stream().mapToLong(Long::longValue).sum(), report.rows());
        assertEquals(users, db.count("users"));
        assertEquals("0", db.string("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'academy_restore_%'"), "the scratch schema is gone");
        Await.until(() -> ManagementInterface.metric("academy_backup_last_drill_success_timestamp_seconds") > 0);
        given().when().get(ManagementInterface.url("/q/health/group/backups")).then().statusCode(200)
                .body("checks.find { it.name == 'restore-drill' }.status", equalTo("UP"));
    }

    @Test
    void pendingMigrationsWaitForASafetyBackupAndAFailedOneStopsThem() throws IOException {
        String version = db.string("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1");
        migrations.down(Optional.empty(), OptionalInt.of(1));
        long safetyBefore = safetyBackups();

        assertEquals(List.of(version), migrations.up(Optional.empty(), OptionalInt.empty()));
        assertEquals(safetyBefore + 1, safetyBackups(), "a safety backup came first");

        migrations.down(Optional.empty(), OptionalInt.of(1));
        // The directory cannot be written (its path is a file): no backup, so no migration.
        Path moved = DIRECTORY.resolveSibling(DIRECTORY.getFileName() + ".moved");
        Files.move(DIRECTORY, moved);
        Files.writeString(DIRECTORY, "not a directory");
        try {
            assertThrows(BackupWriteFailedException.class, () -> migrations.up(Optional.empty(), OptionalInt.empty()));
            assertEquals(1, migrations.status().pending().size(), "nothing was migrated");
        } finally {
            Files.delete(DIRECTORY);
            Files.move(moved, DIRECTORY, StandardCopyOption.ATOMIC_MOVE);
        }
        assertEquals(List.of(version), migrations.up(Optional.empty(), OptionalInt.empty()));
    }

    @Test
    void whileARestoreRunsAnywhereEveryRequestGets503AndReadinessIsDown() throws Exception {
        try (Connection restoring = dataSource.getConnection(); Statement statement = restoring.createStatement()) {
            // What another replica's (or an operator command's) restore holds for its whole length.
            restoring.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + RestoreGate.RESTORE_LOCK + "'))");
            Await.until(() -> given().when().get("/challenges").statusCode() == 503);
            given().when().get("/challenges").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "30")
                    .body("detail", containsString("restore"));
            given().when().get(ManagementInterface.url("/q/health/ready")).then().statusCode(503)
                    .body("checks.find { it.name == 'restore' }.status", equalTo("DOWN"));
            restoring.rollback();
        }
        Await.until(() -> given().when().get("/health").statusCode() == 200);
        given().when().get(ManagementInterface.url("/q/health/ready")).then().statusCode(200);
    }

    private void copyAs(String source, String name) throws IOException {
        Files.copy(DIRECTORY.resolve(source), DIRECTORY.resolve(name));
        Files.copy(DIRECTORY.resolve(source + ".json"), DIRECTORY.resolve(name + ".json"));
        String checksum = Files.readString(DIRECTORY.resolve(source + ".sha256")).split("\\s+")[0];
        Files.writeString(DIRECTORY.resolve(name + ".sha256"), checksum + "  " + name + "\n");
    }

    private List<String> names() {
        return new DirectoryBackupStore(DIRECTORY).list().stream().map(backup -> backup.name().value()).toList();
    }

    private long safetyBackups() {
        return new DirectoryBackupStore(DIRECTORY).list().stream().filter(backup -> backup.has(BackupMarker.SAFETY)).count();
    }

    private RequestSpecification asAdmin() {
        if (adminToken == null) {
            seeds.ensureBootstrapAdmin();
            adminToken = Accounts.login(BackupResourceTest.OPS_EMAIL, BackupResourceTest.OPS_PASSWORD).accessToken();
        }
        return given().auth().oauth2(adminToken);
    }
}
