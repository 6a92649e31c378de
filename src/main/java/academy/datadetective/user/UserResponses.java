package academy.datadetective.user;

import java.time.Instant;
import java.util.List;

/** Response bodies of /users, with the original service's field names. */
public final class UserResponses {

    private UserResponses() {
    }

    /**
     * One account of the list with its learning statistics (the original's fields, plus
     * {@code deactivated}, which is only ever true when the caller asked for deactivated accounts).
     */
    public record ListedUser(long id, String email, String name, String role, Instant createdAt,
            long totalPoints, long challengesCompleted, boolean deactivated) {
    }

    /** The page of GET /users; {@code students} is the original's name, although teachers and admins appear too. */
    public record UserPage(List<ListedUser> students, long totalCount, int offset, int limit) {
    }

    /** The answer of deactivate and reactivate: the account, and whether it is now deactivated (and since when). */
    public record AccountStatus(UserView user, boolean deactivated, Instant deactivatedAt) {

        static AccountStatus of(User user) {
            return new AccountStatus(UserView.of(user), !user.isActive(), user.deactivatedAt);
        }
    }
}
