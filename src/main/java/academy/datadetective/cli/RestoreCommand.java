package academy.datadetective.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import academy.datadetective.backup.BackupRestore;
import academy.datadetective.backup.RestoreReport;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Replace ALL data with a backup's, after verifying it and taking a safety backup; all or nothing.",
        footer = { "", "Examples:", "  restore backups/backup_20260101_020000.sql.gz        asks first, as restore.sh does",
                "  restore backups/backup_20260101_020000.sql.gz --yes  for scripts" })
public class RestoreCommand extends OperatorCommand {

    @Parameters(paramLabel = "FILE", description = "The backup file; its FILE.sha256 must be beside it.")
    Path file;

    @Option(names = "--yes", description = "Do not ask first.")
    boolean yes;

    @Inject
    BackupRestore restores;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("Error: " + file + " does not exist");
            return ExitCodes.FAILED;
        }
        if (!yes && !confirmed("This replaces ALL data with " + file.getFileName() + ".")) {
            return refuse("Aborted: nothing was restored");
        }
        RestoreReport report = restores.restore(file.toAbsolutePath());
        print(report, "Restored " + file + " (schema version " + report.backupSchemaVersion()
                + (report.backupSchemaVersion().equals(report.schemaVersion()) ? "" : ", migrated to " + report.schemaVersion())
                + "): " + report.rows() + " rows in " + report.durationMillis() + " ms\nSafety backup of the data before: "
                + report.safetyBackup());
        return ExitCodes.OK;
    }
}
