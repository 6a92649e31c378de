package academy.datadetective.seed;

import java.util.List;

/**
 * What a seed did. Accounts that already existed are listed with {@code created=false} and left as they
 * were (password included); learning rows are counted only when created.
 */
public record SeedReport(SeedMode mode, boolean cleared, List<SeededAccount> accounts, int progressCreated,
        int attemptsCreated, int hintsCreated) {

    public record SeededAccount(String email, String name, String role, boolean created) {
    }

    public long accountsCreated() {
        return accounts.stream().filter(SeededAccount::created).count();
    }
}
