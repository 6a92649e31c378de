package academy.datadetective.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * Rotation of each destination by {@link BackupRetention}: what a prune would delete and why, and the deletion
 * itself after a successful backup. A backup in the directory is kept while its offsite copy is missing, where
 * object storage's own retention would keep that copy: deleting it would lose the only one.
 */
@ApplicationScoped
public class BackupRotation {

    private final BackupRetention retention;
    private final BackupDestinations destinations;
    private final BackupLock lock;

    BackupRotation(BackupConfig config, BackupDestinations destinations, BackupLock lock) {
        this.retention = BackupRetention.of(config);
        this.destinations = destinations;
        this.lock = lock;
    }

    /**
     * Rotation of every destination outside a backup, or with {@code dryRun} only what it would do. Holds the backup
     * lock, so that it never deletes beside a backup or restore that is reading.
     */
    public PruneReport prune(boolean dryRun) {
        return lock.exclusively(() -> {
            List<PruneReport.Destination> report = new ArrayList<>();
            for (BackupStore store : destinations.all()) {
                List<RetentionDecision> decisions = plan(store);
                if (!dryRun) {
                    delete(store, decisions);
                }
                report.add(new PruneReport.Destination(store.kind(), store.location(), decisions.stream()
                        .map(decision -> new PruneReport.Entry(decision.name().value(), decision.keep(), decision.reasons())).toList()));
            }
            return new PruneReport(dryRun, report);
        });
    }

    /** What rotation would do to the destination now, newest first. */
    List<RetentionDecision> plan(BackupStore store) {
        Set<BackupName> missingOffsite = store instanceof DirectoryBackupStore ? Set.copyOf(missingOffsite()) : Set.of();
        return retention.decide(store.list().stream()
                .map(backup -> new RetentionCandidate(backup.name(), backup.markers(), missingOffsite.contains(backup.name())))
                .toList(), Instant.now());
    }

    /** @return the names deleted */
    List<String> rotate(BackupStore store) {
        return delete(store, plan(store));
    }

    /** Oldest first, so that an interrupted rotation has deleted the ones least likely to be wanted. */
    private static List<String> delete(BackupStore store, List<RetentionDecision> decisions) {
        List<String> deleted = new ArrayList<>();
        List<RetentionDecision> oldestFirst = new ArrayList<>(decisions);
        Collections.reverse(oldestFirst);
        for (RetentionDecision decision : oldestFirst) {
            if (!decision.keep()) {
                store.delete(decision.name());
                deleted.add(decision.name().value());
            }
        }
        if (!deleted.isEmpty()) {
            Log.infof("Rotation of %s deleted %s", store.location(), deleted);
        }
        return deleted;
    }

    /**
     * The directory's backups that object storage lacks and would keep by its own retention if it had them,
     * newest first: the copies still to make. Those it would rotate away at once need none.
     */
    List<BackupName> missingOffsite() {
        Optional<BackupStore> offsite = destinations.offsite();
        if (offsite.isEmpty() || destinations.directory().isEmpty()) {
            return List.of();
        }
        List<StoredBackup> offsiteBackups;
        try {
            offsiteBackups = offsite.get().list();
        } catch (RuntimeException e) {
            // Unknown what object storage holds: every local backup counts as its only copy, so none is rotated away.
            Log.warnf("Cannot list %s, so the directory keeps every backup for now: %s", offsite.get().location(), e.getMessage());
            return destinations.directory().get().list().stream().map(StoredBackup::name).toList();
        }
        Set<BackupName> there = offsiteBackups.stream().map(StoredBackup::name).collect(Collectors.toSet());
        List<RetentionCandidate> candidates = new ArrayList<>();
        offsiteBackups.forEach(backup -> candidates.add(new RetentionCandidate(backup.name(), backup.markers(), false)));
        List<StoredBackup> onlyLocal = destinations.directory().get().list().stream()
                .filter(backup -> !there.contains(backup.name())).toList();
        onlyLocal.forEach(backup -> candidates.add(new RetentionCandidate(backup.name(), backup.markers(), false)));
        Set<BackupName> local = onlyLocal.stream().map(StoredBackup::name).collect(Collectors.toSet());
        return retention.decide(candidates, Instant.now()).stream()
                .filter(decision -> decision.keep() && local.contains(decision.name())).map(RetentionDecision::name).toList();
    }
}
