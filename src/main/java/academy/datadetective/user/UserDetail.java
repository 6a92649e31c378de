package academy.datadetective.user;

/**
 * What {@code GET /users/{id}?detailed=true} answers instead of the bare account: the account's learning in
 * detail, which the feature that records learning provides (progress); this feature only passes it on.
 */
public interface UserDetail {

    Object of(UserView account);
}
