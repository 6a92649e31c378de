package academy.datadetective.backup;

import java.io.OutputStream;

/**
 * A backup being written to one destination: its bytes go to {@link #out()}; {@link #publish} makes it appear
 * under its name with its checksum, manifest and markers, never replacing a backup of that name; {@link #close()}
 * without a publish leaves nothing (the temporary file deleted, the multipart upload aborted).
 */
interface NewBackup extends AutoCloseable {

    OutputStream out();

    /**
     * @param sha256 of the bytes written to {@link #out()}, which the caller has closed
     * @throws BackupWriteFailedException when the destination cannot keep it (a full disk, a refused upload)
     */
    void publish(String sha256, BackupManifest manifest);

    @Override
    void close();
}
