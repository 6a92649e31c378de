package academy.datadetective.backup;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Backups: where, how many, how compressed, when; README "Backup and restore" lists each with its variable. */
@ConfigMapping(prefix = "academy.backup")
public interface BackupConfig {

    /** The backup directory (BACKUP_DIR), a PersistentVolume in Kubernetes; {@code off}: object storage only. */
    String dir();

    /** How many backups rotation keeps, newest by the time in their names (BACKUP_KEEP). */
    int keep();

    /** Besides those, the newest backup of each of this many days (BACKUP_KEEP_DAILY), UTC. */
    int keepDaily();

    /** And of each of this many ISO weeks (BACKUP_KEEP_WEEKLY). */
    int keepWeekly();

    /** And of each of this many months (BACKUP_KEEP_MONTHLY). */
    int keepMonthly();

    /** Whatever the tiers say, no backup younger than this is deleted by rotation (BACKUP_MIN_AGE). */
    Duration minAge();

    /** gzip level 1–9 (BACKUP_COMPRESSION_LEVEL); README gives the measured trade-off behind the default. */
    int compressionLevel();

    /** Quartz cron of the nightly backup, in UTC (BACKUP_CRON); {@code off} disables it. */
    String cron();

    /** Quartz cron of the restore drill, in UTC (BACKUP_DRILL_CRON); {@code off} disables it. */
    String drillCron();

    /** Older than this, the last successful restore drill makes the backups health group DOWN (BACKUP_DRILL_MAX_AGE). */
    Duration drillMaxAge();

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

    /**
     * Whether pending migrations of a database with data wait for a safety backup to every destination
     * (BACKUP_BEFORE_MIGRATIONS); on in production, off in dev and test.
     */
    boolean beforeMigrations();

    /**
     * How often every replica looks for a restore running anywhere (BACKUP_RESTORE_LOOK_INTERVAL), to answer 503
     * meanwhile; a restore waits twice this before it replaces the data.
     */
    Duration restoreLookInterval();

    /** Offsite copies in S3-compatible object storage; none unless a bucket is set. */
    S3 s3();

    /** OpenPGP encryption of the backups; none unless a public key is set. */
    Encryption encryption();

    interface S3 {

        /** The bucket (BACKUP_S3_BUCKET); unset: no object storage. */
        Optional<String> bucket();

        /** The prefix of every key (BACKUP_S3_PREFIX). */
        String prefix();

        /** An S3-compatible store's URL (BACKUP_S3_ENDPOINT); unset: AWS. */
        Optional<URI> endpoint();

        /** The region (BACKUP_S3_REGION); unset: the SDK's default chain (AWS_REGION, the profile). */
        Optional<String> region();

        /** The bucket in the path rather than the host name (BACKUP_S3_PATH_STYLE), as MinIO-style stores want. */
        boolean pathStyle();
    }

    interface Encryption {

        /** An armored OpenPGP public key (BACKUP_ENCRYPTION_PUBLIC_KEY_FILE); backups are encrypted to it. */
        Optional<Path> publicKeyFile();

        /** Armored OpenPGP secret keys, old ones included (BACKUP_ENCRYPTION_PRIVATE_KEY_FILE); only where restores run. */
        Optional<Path> privateKeyFile();

        /** The secret keys' passphrase (BACKUP_ENCRYPTION_PRIVATE_KEY_PASSPHRASE_FILE), if they have one. */
        Optional<Path> privateKeyPassphraseFile();
    }
}
