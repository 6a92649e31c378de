package academy.datadetective.backup;

/** What a destination records about a backup beside it, each as an empty hidden file or object {@code .NAME.<suffix>}. */
enum BackupMarker {

    /** Came in by upload: rotated apart from the service's own, and no evidence that the service backs itself up. */
    UPLOADED("uploaded"),
    /** Taken before a restore or a migration: never deleted by rotation. */
    SAFETY("safety"),
    /** Kept by an operator's request until unpinned: never deleted by rotation. */
    PINNED("pinned");

    private final String suffix;

    BackupMarker(String suffix) {
        this.suffix = suffix;
    }

    /** The hidden file or object that marks the backup: never of the backup pattern, so never listed as one. */
    String markerName(BackupName name) {
        return "." + name.value() + "." + suffix;
    }
}
