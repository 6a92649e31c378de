package academy.datadetective.user;

/**
 * Content that keeps its owner's account from being deleted (the schema keeps it with ON DELETE RESTRICT). Each
 * feature that keeps such content answers for its own; the user feature asks every one before a deletion.
 */
public interface OwnedContent {

    boolean ownedBy(long userId);
}
