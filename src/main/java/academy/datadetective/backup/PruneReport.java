package academy.datadetective.backup;

import java.util.List;

/**
 * What rotation keeps and deletes in each destination and why (`backup prune`, {@code POST /admin/backups/prune}):
 * with {@code dryRun}, nothing was deleted.
 */
public record PruneReport(boolean dryRun, List<Destination> destinations) {

    public record Destination(String destination, String location, List<Entry> backups) {
    }

    /** @param reasons every rule that keeps the backup, or the one reason it goes */
    public record Entry(String name, boolean keep, List<String> reasons) {
    }
}
