package academy.datadetective.backup;

import java.util.List;

/**
 * What rotation does with one backup and why, in the words {@code backup prune --dry-run} prints: every rule that
 * keeps it, or the one reason it goes.
 */
record RetentionDecision(BackupName name, boolean keep, List<String> reasons) {

    RetentionDecision {
        reasons = List.copyOf(reasons);
    }
}
