package academy.datadetective.cli;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.inject.Inject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import academy.datadetective.backup.BackupInfo;
import academy.datadetective.backup.BackupTaker;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up all data into one gzip-compressed SQL file (with a .sha256 beside it) in every destination, then rotate.",
        footer = { "", "Examples:", "  backup                 into BACKUP_DIR (default ./backups) and BACKUP_S3_BUCKET, as backup.sh does",
                "  backup /mnt/archive    into another directory only (rotated there too)" })
public class BackupCommand extends OperatorCommand {

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "A directory, instead of the configured destinations.")
    Optional<Path> directory;

    @Inject
    BackupTaker backups;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        BackupInfo backup = directory.map(dir -> backups.backup(dir.toAbsolutePath().normalize())).orElseGet(backups::backup);
        long millis = (System.nanoTime() - started) / 1_000_000;
        print(backup, "Backup: " + backup.name() + " in " + String.join(", ", backup.copies().stream()
                .map(copy -> copy.location()).toList()) + "\nSize: " + backup.size() + " bytes"
                + "\nRows: " + backup.rows().values().stream().mapToLong(Long::longValue).sum() + " in " + backup.rows().size()
                + " tables (schema version " + backup.schemaVersion() + ")\nSHA-256: " + backup.sha256().orElse("")
                + "\nDuration: " + millis + " ms");
        return ExitCodes.OK;
    }
}
