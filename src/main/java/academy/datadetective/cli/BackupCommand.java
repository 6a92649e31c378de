package academy.datadetective.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import academy.datadetective.backup.BackupCatalogue;
import academy.datadetective.backup.BackupInfo;
import academy.datadetective.backup.BackupRotation;
import academy.datadetective.backup.BackupTaker;
import academy.datadetective.backup.BackupVerifier;
import academy.datadetective.backup.PruneReport;
import academy.datadetective.backup.VerifyReport;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up all data into one gzip-compressed SQL file (with a .sha256 beside it) in every destination, then rotate.",
        subcommands = { BackupCommand.Verify.class, BackupCommand.Prune.class, BackupCommand.Pin.class, BackupCommand.Unpin.class },
        footer = { "", "Examples:", "  backup                 into BACKUP_DIR (default ./backups) and BACKUP_S3_BUCKET, as backup.sh does",
                "  backup /mnt/archive    into another directory only (rotated there too)",
                "  backup prune --dry-run what rotation would delete in each destination, and why",
                "  backup verify --all    read every copy of every backup whole: checksum, stream, row counts",
                "  backup pin NAME        keep a backup whatever rotation says" })
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

    static class VerifyTarget {
        @Parameters(paramLabel = "NAME", description = "One backup, e.g. backup_20260101_020000.sql.gz.")
        String name;

        @Option(names = "--all", description = "Every backup in every destination.")
        boolean all;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Read every copy whole: its SHA-256, the stream decrypted and decompressed, each COPY block's rows"
                    + " against the header. Exits 1 when a copy does not verify.")
    static class Verify extends OperatorCommand {

        @ArgGroup(exclusive = true, multiplicity = "1")
        VerifyTarget target;

        @Inject
        BackupVerifier verifier;

        @Override
        public Integer call() {
            List<VerifyReport> reports = target.all ? verifier.verifyAll() : verifier.verify(target.name);
            StringBuilder text = new StringBuilder();
            for (VerifyReport report : reports) {
                text.append(report.verified() ? "ok      " : "FAILED  ").append(report.name()).append(" in ").append(report.location())
                        .append(report.verified() ? ": " + report.rows().values().stream().mapToLong(Long::longValue).sum()
                                + " rows in " + report.durationMillis() + " ms" : ": " + report.problem().orElse(""))
                        .append('\n');
            }
            print(reports, reports.isEmpty() ? "No backups to verify" : text.toString().stripTrailing());
            return reports.stream().allMatch(VerifyReport::verified) ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Rotate every destination by the retention settings (BACKUP_KEEP, _DAILY, _WEEKLY, _MONTHLY, BACKUP_MIN_AGE).")
    static class Prune extends OperatorCommand {

        @Option(names = "--dry-run", description = "Only list what would be deleted, and why; delete nothing.")
        boolean dryRun;

        @Inject
        BackupRotation rotation;

        @Override
        public Integer call() {
            PruneReport report = rotation.prune(dryRun);
            StringBuilder text = new StringBuilder();
            for (PruneReport.Destination destination : report.destinations()) {
                text.append(destination.location()).append(":\n");
                for (PruneReport.Entry entry : destination.backups()) {
                    text.append(entry.keep() ? "  keep    " : dryRun ? "  delete  " : "  deleted ").append(entry.name()).append("  ")
                            .append(String.join(", ", entry.reasons())).append('\n');
                }
            }
            print(report, text.toString().stripTrailing());
            return ExitCodes.OK;
        }
    }

    /** Pinning and unpinning differ only in the marker's presence. */
    abstract static class Pinning extends OperatorCommand {

        @Parameters(paramLabel = "NAME", description = "The backup's name, e.g. backup_20260101_020000.sql.gz.")
        String name;

        @Inject
        BackupCatalogue catalogue;

        abstract boolean pinned();

        @Override
        public Integer call() {
            BackupInfo backup = catalogue.pin(name, pinned());
            print(backup, (pinned() ? "Pinned " : "Unpinned ") + backup.name());
            return ExitCodes.OK;
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true, description = "Keep a backup in every destination until it is unpinned.")
    static class Pin extends Pinning {
        @Override
        boolean pinned() {
            return true;
        }
    }

    @Command(name = "unpin", mixinStandardHelpOptions = true, description = "Let rotation treat a pinned backup as any other again.")
    static class Unpin extends Pinning {
        @Override
        boolean pinned() {
            return false;
        }
    }
}
