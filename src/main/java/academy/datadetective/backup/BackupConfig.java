package academy.datadetective.backup;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Backups: where, how many, how compressed, when; README "Backup and restore" lists each with its variable. */
@ConfigMapping(prefix = "academy.backup")
public interface BackupConfig {

    /** The backup directory (BACKUP_DIR); a PersistentVolume in Kubernetes. */
    Path dir();

    /** How many backups rotation keeps, newest by the time in their names (BACKUP_KEEP). */
    int keep();

    /** gzip level 1–9 (BACKUP_COMPRESSION_LEVEL); README gives the measured trade-off behind the default. */
    int compressionLevel();

    /** Quartz cron of the nightly backup, in UTC (BACKUP_CRON); {@code off} disables it. */
    String cron();

    /**
     * Largest backup accepted by upload, in bytes (BACKUP_UPLOAD_MAX_SIZE). MAX_BODY_SIZE, the limit of every
     * request, must allow it too.
     */
    long uploadMaxSize();

    /**
     * Most bytes an uploaded backup may inflate to (BACKUP_UPLOAD_MAX_INFLATED_SIZE): the check reads all of
     * it, so a small gzip file of gigabytes of zeros must stop early. 512 MiB is 50 times the upload limit,
     * beyond any compression ratio of the service's own backups.
     */
    long uploadMaxInflatedSize();

    /** Older than this, the last successful backup makes the backup health check report DOWN (BACKUP_MAX_AGE). */
    Duration maxAge();
}
