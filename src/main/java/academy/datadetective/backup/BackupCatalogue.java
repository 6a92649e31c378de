package academy.datadetective.backup;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * The backups as operators see them, across every destination: listed newest first, one entry per backup with
 * the copies it has, looked up, opened, pinned or deleted by a name from a request (which must be of the
 * service's pattern before it comes near a file or a bucket). Nothing here touches the database.
 */
@ApplicationScoped
public class BackupCatalogue {

    private final BackupDestinations destinations;
    private final BackupEncryption encryption;

    BackupCatalogue(BackupDestinations destinations, BackupEncryption encryption) {
        this.destinations = destinations;
        this.encryption = encryption;
    }

    /** One copy of a backup, in one destination. */
    record Located(BackupStore store, StoredBackup backup) {

        /** @throws InvalidBackupException for a copy without one: nothing could prove its bytes whole */
        String checksum() {
            return backup.sha256().orElseThrow(() -> new InvalidBackupException("it has no checksum "
                    + backup.name().checksumFile() + " beside it in " + store.location()));
        }
    }

    /** Newest first; a backup whose facts cannot be read is left out (and logged), not an error of the list. */
    public List<BackupInfo> list() {
        Map<BackupName, List<Located>> byName = new TreeMap<>(BackupName.CHRONOLOGICAL.reversed());
        for (BackupStore store : destinations.all()) {
            for (StoredBackup backup : reachable(store::list, store, List.<StoredBackup>of())) {
                byName.computeIfAbsent(backup.name(), name -> new ArrayList<>()).add(new Located(store, backup));
            }
        }
        List<BackupInfo> backups = new ArrayList<>();
        byName.forEach((name, copies) -> {
            try {
                backups.add(info(name, copies));
            } catch (InvalidBackupException | RefusedBackupException | UncheckedIOException e) {
                Log.warnf("Backup %s is unreadable: %s", name, e.getMessage());
            }
        });
        return backups;
    }

    /**
     * The newest of the service's own backups that is in every destination: one whose upload failed does not count
     * as taken (an uploaded backup says nothing about whether the service backs itself up).
     */
    Optional<BackupInfo> newestComplete() {
        int everywhere = destinations.all().size();
        return list().stream().filter(backup -> !backup.uploaded() && backup.copies().size() == everywhere).findFirst();
    }

    public BackupInfo get(String name) {
        BackupName parsed = name(name);
        return info(parsed, copies(parsed));
    }

    /** @throws BackupNotFoundException for a name not of the service's pattern */
    static BackupName name(String requested) {
        return BackupName.parse(requested).orElseThrow(BackupNotFoundException::new);
    }

    /**
     * The copies of a backup, the directory's first (the cheaper read).
     *
     * @throws BackupNotFoundException when no destination has it
     */
    List<Located> copies(BackupName name) {
        List<Located> copies = new ArrayList<>();
        for (BackupStore store : destinations.all()) {
            reachable(() -> store.find(name), store, Optional.<StoredBackup>empty()).ifPresent(backup -> copies.add(new Located(store, backup)));
        }
        if (copies.isEmpty()) {
            throw new BackupNotFoundException();
        }
        return copies;
    }

    /**
     * The copy a location names, {@code s3://bucket/prefix/NAME} (the restore command's argument).
     *
     * @throws BackupNotFoundException when no configured destination has a backup there
     */
    Located copyAt(String location) {
        for (BackupStore store : destinations.all()) {
            if (location.startsWith(store.location())) {
                BackupName name = name(location.substring(store.location().length()));
                return store.find(name).map(backup -> new Located(store, backup)).orElseThrow(BackupNotFoundException::new);
            }
        }
        throw new BackupNotFoundException();
    }

    /**
     * What a destination answers, or {@code otherwise} when it cannot (object storage out of reach): the others'
     * copies still serve, and a backup only partly kept shows as such.
     */
    private static <T> T reachable(Supplier<T> question, BackupStore store, T otherwise) {
        try {
            return question.get();
        } catch (ObjectStorageException e) {
            Log.warnf("%s does not answer: %s", store.location(), e.getMessage());
            return otherwise;
        }
    }

    /** The file of a backup's copy in the backup directory, for a download served straight from the disk. */
    public Optional<Path> localFile(String name) {
        BackupName parsed = name(name);
        return destinations.directory().filter(directory -> directory.find(parsed).isPresent()).map(directory -> directory.file(parsed));
    }

    /**
     * A copy's bytes for a download, checked against its SHA-256 on the way (a copy without one is refused): from
     * object storage, where the bytes travel over a network before they reach the client.
     */
    InputStream openVerified(String name) {
        BackupName parsed = name(name);
        Located copy = copies(parsed).get(0);
        return new VerifyingInputStream(copy.store().open(parsed), copy.checksum(), parsed.value());
    }

    /** Every copy, with what is kept beside it. */
    public void delete(String name) {
        BackupName parsed = name(name);
        for (Located copy : copies(parsed)) {
            copy.store().delete(parsed);
        }
        Log.infof("Deleted backup %s", parsed);
    }

    /** Pins every copy (rotation never deletes it) or unpins it. */
    public BackupInfo pin(String name, boolean pinned) {
        BackupName parsed = name(name);
        for (Located copy : copies(parsed)) {
            if (pinned) {
                copy.store().mark(parsed, BackupMarker.PINNED);
            } else {
                copy.store().unmark(parsed, BackupMarker.PINNED);
            }
        }
        Log.infof("%s backup %s", pinned ? "Pinned" : "Unpinned", parsed);
        return get(name);
    }

    /**
     * The facts of the manifest kept beside a copy, or for a backup taken before manifests, of its header (which
     * an encrypted backup always has a manifest for).
     */
    private BackupInfo info(BackupName name, List<Located> copies) {
        Located first = copies.get(0);
        Optional<BackupManifest> manifest = copies.stream().flatMap(copy -> copy.backup().manifest().stream()).findFirst();
        BackupManifest facts = manifest.orElseGet(() -> {
            try (BackupInput in = BackupInput.of(name, first.store().open(name), encryption)) {
                return BackupManifest.of(in.header(), Optional.empty());
            }
        });
        return new BackupInfo(name.value(), first.backup().size(), facts.createdAt(), facts.schemaVersion(), facts.rows(),
                copies.stream().flatMap(copy -> copy.backup().sha256().stream()).findFirst(),
                copies.stream().anyMatch(copy -> copy.backup().has(BackupMarker.UPLOADED)),
                copies.stream().anyMatch(copy -> copy.backup().has(BackupMarker.SAFETY)),
                copies.stream().anyMatch(copy -> copy.backup().has(BackupMarker.PINNED)), facts.encryptionKeyId(),
                copies.stream().map(copy -> new BackupInfo.Copy(copy.store().kind(), copy.store().location())).toList());
    }
}
