package academy.datadetective.backup;

/** What a restore did: the backup, its schema version and the database's, the rows now live, the safety backup taken. */
public record RestoreReport(String restored, String backupSchemaVersion, String schemaVersion, long rows,
        String safetyBackup, long durationMillis) {
}
