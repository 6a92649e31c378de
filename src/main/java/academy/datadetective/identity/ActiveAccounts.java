package academy.datadetective.identity;

import java.util.Optional;

/**
 * What the per-request account check asks of whoever keeps the accounts (the user feature): identity owns
 * the question, so that it depends on no feature while every feature depends on it.
 */
public interface ActiveAccounts {

    /**
     * The role of the account now, empty for an unknown or deactivated one, or when {@code tokenVersion} is no
     * longer the account's (its sessions were ended since the token was issued).
     */
    Optional<Role> activeRole(long id, int tokenVersion);
}
