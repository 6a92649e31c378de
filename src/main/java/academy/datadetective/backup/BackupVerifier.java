package academy.datadetective.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import academy.datadetective.common.ClusterJobs;

/**
 * Proof that a backup restores, short of restoring it: every copy read whole, its bytes against the SHA-256 kept
 * beside it, the stream decompressed to its end, and every COPY block's rows counted against its header. Needs no
 * database; a restore drill ({@link RestoreDrill}) goes the rest of the way.
 */
@ApplicationScoped
public class BackupVerifier {

    private final BackupCatalogue catalogue;
    private final BackupMetrics metrics;
    private final ClusterJobs jobs;
    private final BackupEncryption encryption;

    BackupVerifier(BackupCatalogue catalogue, BackupMetrics metrics, ClusterJobs jobs, BackupEncryption encryption) {
        this.catalogue = catalogue;
        this.metrics = metrics;
        this.jobs = jobs;
        this.encryption = encryption;
    }

    /** Every copy of one backup. */
    public List<VerifyReport> verify(String name) {
        BackupName parsed = BackupCatalogue.name(name);
        List<VerifyReport> reports = new ArrayList<>();
        for (BackupCatalogue.Located copy : catalogue.copies(parsed)) {
            reports.add(verify(parsed, copy));
        }
        return reports;
    }

    /** Every copy of every backup, newest first. */
    public List<VerifyReport> verifyAll() {
        List<VerifyReport> reports = new ArrayList<>();
        for (BackupInfo backup : catalogue.list()) {
            reports.addAll(verify(backup.name()));
        }
        return reports;
    }

    private VerifyReport verify(BackupName name, BackupCatalogue.Located copy) {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        Map<String, Long> rows = new LinkedHashMap<>();
        Optional<String> problem;
        try (BackupInput in = BackupInput.of(name, copy.store().open(name), encryption)) {
            problem = check(in, copy.backup().sha256(), rows);
        } catch (InvalidBackupException | RefusedBackupException | UncheckedIOException e) {
            problem = Optional.of(e.getMessage());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String detail = name + " in " + copy.store().location() + ": " + problem.orElse("verified");
        if (problem.isEmpty()) {
            metrics.verified();
            Log.infof("Verified %s in %s: %d rows in %d ms", name, copy.store().location(),
                    rows.values().stream().mapToLong(Long::longValue).sum(), millis);
        } else {
            Log.errorf("Backup %s in %s does not verify: %s", name, copy.store().location(), problem.get());
        }
        try {
            jobs.record(BackupMetrics.VERIFY_JOB, startedAt, problem.isEmpty() ? "succeeded" : "failed", detail);
        } catch (RuntimeException e) {
            Log.warnf("Cannot record the verification in job_runs: %s", e.getMessage());
        }
        return new VerifyReport(name.value(), copy.store().kind(), copy.store().location(), problem.isEmpty(), rows, millis, problem);
    }

    /** @return what is wrong, if anything; {@code rows} gets each COPY block's count as read */
    private static Optional<String> check(BackupInput in, Optional<String> storedSha256, Map<String, Long> rows) {
        if (storedSha256.isEmpty()) {
            return Optional.of("it has no checksum beside it");
        }
        BackupHeader header = in.header();
        try {
            LineReader lines = in.lines();
            for (String line = lines.readText(); line != null; line = lines.readText()) {
                Optional<String> table = copiedTable(line);
                if (table.isPresent()) {
                    long count = 0;
                    for (byte[] row = lines.readLine(); !BackupStatements.endsCopy(row); row = lines.readLine()) {
                        if (row == null) {
                            return Optional.of("its COPY block of " + table.get() + " is cut off");
                        }
                        count++;
                    }
                    rows.put(table.get(), count);
                }
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            return Optional.of(InvalidBackupException.damagedGzip().getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!in.sha256().equals(storedSha256.get())) {
            return Optional.of("its SHA-256 does not match the one kept beside it (corrupt or changed)");
        }
        if (!rows.equals(header.rows())) {
            return Optional.of("its rows " + rows + " are not those its header counts " + header.rows());
        }
        return Optional.empty();
    }

    /** The table of a COPY line as the header names it ({@code users}, {@code academy_datasets.dataset_7}). */
    static Optional<String> copiedTable(String line) {
        if (!line.startsWith("COPY ") || !line.endsWith(" FROM stdin;")) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder();
        int at = "COPY ".length();
        while (at < line.length() && line.charAt(at) == '"') {
            int end = at + 1;
            StringBuilder part = new StringBuilder();
            while (end < line.length()) {
                char c = line.charAt(end);
                if (c == '"') {
                    if (end + 1 < line.length() && line.charAt(end + 1) == '"') {
                        part.append('"');
                        end += 2;
                        continue;
                    }
                    break;
                }
                part.append(c);
                end++;
            }
            name.append(name.isEmpty() ? "" : ".").append(part);
            at = end + 1;
            if (at < line.length() && line.charAt(at) == '.') {
                at++;
            } else {
                break;
            }
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name.toString());
    }
}
