package academy.datadetective.user;

import java.time.Instant;

/** An account as the API shows it (the original's UserResponse): never a password hash. */
public record UserView(Long id, String email, String name, String role, Instant createdAt) {

    static UserView of(User user) {
        return new UserView(user.id, user.email, user.name, user.role.value(), user.createdAt);
    }
}
