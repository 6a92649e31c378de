package academy.datadetective.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import academy.datadetective.backup.BackupName;
import academy.datadetective.backup.BackupRestore;
import academy.datadetective.backup.RestoreReport;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Replace ALL data with a backup's, after verifying it and taking a safety backup; all or nothing.",
        footer = { "", "Examples:", "  restore backups/backup_20260101_020000.sql.gz        asks first, as restore.sh does",
                "  restore backups/backup_20260101_020000.sql.gz --yes  for scripts",
                "  restore backup_20260101_020000.sql.gz.gpg            by name, from the configured destinations",
                "  restore s3://bucket/backups/backup_20260101_020000.sql.gz  that copy in object storage" })
public class RestoreCommand extends OperatorCommand {

    @Parameters(paramLabel = "BACKUP", description = "A backup file (its FILE.sha256 beside it), a backup's name in the"
            + " configured destinations, or s3://bucket/prefix/NAME.")
    String backup;

    @Option(names = "--yes", description = "Do not ask first.")
    boolean yes;

    @Inject
    BackupRestore restores;

    @Override
    public Integer call() {
        boolean inObjectStorage = backup.startsWith("s3://");
        Path file = inObjectStorage ? null : Path.of(backup);
        boolean byName = !inObjectStorage && !Files.isRegularFile(file) && BackupName.parse(backup).isPresent();
        if (!inObjectStorage && !byName && !Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("Error: " + backup + " does not exist");
            return ExitCodes.FAILED;
        }
        if (!yes && !confirmed("This replaces ALL data with " + (file == null ? backup : file.getFileName()) + ".")) {
            return refuse("Aborted: nothing was restored");
        }
        RestoreReport report = inObjectStorage ? restores.restoreCopyAt(backup)
                : byName ? restores.restore(backup) : restores.restore(file.toAbsolutePath());
        print(report, "Restored " + backup + " (schema version " + report.backupSchemaVersion()
                + (report.backupSchemaVersion().equals(report.schemaVersion()) ? "" : ", migrated to " + report.schemaVersion())
                + "): " + report.rows() + " rows in " + report.durationMillis() + " ms\nSafety backup of the data before: "
                + report.safetyBackup());
        return ExitCodes.OK;
    }
}
