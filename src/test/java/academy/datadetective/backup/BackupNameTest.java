package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BackupNameTest {

    @Test
    void namesCarryTheUtcTimeAndASuffixWhenTheSecondIsTaken() {
        Instant at = Instant.parse("2026-01-31T02:00:07.450Z");
        assertEquals("backup_20260131_020007.sql.gz", BackupName.next(at, false, name -> false).value());
        Set<String> taken = Set.of("backup_20260131_020007.sql.gz", "backup_20260131_020007_1.sql.gz");
        BackupName third = BackupName.next(at, false, taken::contains);
        assertEquals("backup_20260131_020007_2.sql.gz", third.value());
        assertEquals("backup_20260131_020007_2.sql.gz.sha256", third.checksumFile());
        assertEquals(Instant.parse("2026-01-31T02:00:07Z"), third.takenAt());
    }

    @Test
    void anEncryptedBackupEndsInGpgAndNeverSharesItsTimeWithAClearOne() {
        Instant at = Instant.parse("2026-01-31T02:00:07Z");
        BackupName encrypted = BackupName.next(at, true, Set.of("backup_20260131_020007.sql.gz")::contains);
        assertEquals("backup_20260131_020007_1.sql.gz.gpg", encrypted.value());
        assertTrue(encrypted.encrypted());
        assertEquals("backup_20260131_020007_1.sql.gz", BackupName.next(at, false, Set.of("backup_20260131_020007.sql.gz.gpg")::contains).value());
        assertEquals("backup_20260131_020007.sql.gz.gpg.json", BackupName.parse("backup_20260131_020007.sql.gz.gpg").orElseThrow().manifestFile());
        assertTrue(BackupName.parse("backup_20260131_020007.sql.gz.gpg.sha256").isEmpty());
        assertTrue(BackupName.parse("backup_20260131_020007.sql.gz.json").isEmpty());
    }

    @Test
    void onlyThisServicesOwnNamesAreBackups() {
        for (String foreign : List.of("../backup_20260131_020007.sql.gz", "/etc/passwd", "backup_20260131_020007.sql",
                "backup_20260131_020007.sql.gz.sha256", "backup_20261399_020007.sql.gz", "backup_2026013_020007.sql.gz",
                "Backup_20260131_020007.sql.gz", "backup_20260131_020007.sql.gz/..", "notes.txt", "", ".backup_20260131_020007.sql.gz.partial")) {
            assertTrue(BackupName.parse(foreign).isEmpty(), foreign);
        }
        assertTrue(BackupName.parse(null).isEmpty());
    }

    @Test
    void chronologicalOrderComesFromTheNameNotTheFile() {
        List<BackupName> names = List.of("backup_20260102_000000.sql.gz", "backup_20260101_235959_1.sql.gz",
                "backup_20260101_235959.sql.gz", "backup_20251231_120000.sql.gz").stream()
                .map(name -> BackupName.parse(name).orElseThrow()).sorted(BackupName.CHRONOLOGICAL).toList();
        assertEquals(List.of("backup_20251231_120000.sql.gz", "backup_20260101_235959.sql.gz", "backup_20260101_235959_1.sql.gz",
                "backup_20260102_000000.sql.gz"), names.stream().map(BackupName::value).toList());
    }
}
