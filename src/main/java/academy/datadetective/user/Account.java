package academy.datadetective.user;

import java.time.Instant;

import academy.datadetective.identity.Role;

/**
 * An account as other features see it (sign-in checks the password hash against it, tokens carry its id, role
 * and token version); the {@link User} entity stays inside this package.
 */
public record Account(long id, String email, String name, Role role, String passwordHash, int tokenVersion, Instant createdAt) {

    static Account of(User user) {
        return new Account(user.id, user.email, user.name, user.role, user.passwordHash, user.tokenVersion, user.createdAt);
    }

    public UserView view() {
        return new UserView(id, email, name, role.value(), createdAt);
    }

    /** Never the password hash: a record's own toString would put it into any log line that names an account. */
    @Override
    public String toString() {
        return "Account[id=" + id + ", role=" + role.value() + "]";
    }
}
