package academy.datadetective.cli;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.inject.Inject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import academy.datadetective.backup.BackupCatalogue;
import academy.datadetective.backup.BackupInfo;
import academy.datadetective.backup.BackupTaker;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up all data into one gzip-compressed SQL file (with a .sha256 beside it), then rotate.",
        footer = { "", "Examples:", "  backup                 into BACKUP_DIR (default ./backups), as backup.sh does",
                "  backup /mnt/archive    into another directory (rotated there too)" })
public class BackupCommand extends OperatorCommand {

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The directory; default BACKUP_DIR.")
    Optional<Path> directory;

    @Inject
    BackupTaker backups;

    @Inject
    BackupCatalogue catalogue;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        Path target = directory.map(dir -> dir.toAbsolutePath().normalize()).orElse(catalogue.directory());
        BackupInfo backup = backups.backup(target, true);
        long millis = (System.nanoTime() - started) / 1_000_000;
        print(backup, "Backup: " + target.resolve(backup.name()) + "\nSize: " + backup.size() + " bytes"
                + "\nRows: " + backup.rows().values().stream().mapToLong(Long::longValue).sum() + " in " + backup.rows().size()
                + " tables (schema version " + backup.schemaVersion() + ")\nSHA-256: " + backup.sha256().orElse("")
                + "\nDuration: " + millis + " ms");
        return ExitCodes.OK;
    }
}
