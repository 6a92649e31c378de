package academy.datadetective.user;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.panache.common.Parameters;

/** Accounts: the one way other features create, find and change users. */
@ApplicationScoped
public class UserService {

    /** Emails are compared trimmed and lower-cased everywhere; the database refuses any other form. */
    public static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    @Transactional
    public Optional<User> findActive(long id) {
        return User.<User>findByIdOptional(id).filter(User::isActive);
    }

    @Transactional
    public Optional<User> findActiveByEmail(String email) {
        return User.<User>find("email = :email and deactivatedAt is null", Parameters.with("email", normaliseEmail(email)))
                .firstResultOptional();
    }

    /** @throws EmailAlreadyRegisteredException also when a concurrent registration wins the race */
    @Transactional
    public User create(String email, String name, Role role, String passwordHash) {
        String normalised = normaliseEmail(email);
        if (User.count("email", normalised) > 0) {
            throw new EmailAlreadyRegisteredException();
        }
        User user = new User();
        user.email = normalised;
        user.name = name.strip();
        user.role = role;
        user.passwordHash = passwordHash;
        try {
            user.persistAndFlush();
        } catch (jakarta.persistence.PersistenceException e) {
            if (e.getCause() instanceof ConstraintViolationException violation
                    && "ux_users_email".equals(violation.getConstraintName())) {
                throw new EmailAlreadyRegisteredException();
            }
            throw e;
        }
        return user;
    }

    @Transactional
    public void recordLogin(long id, Instant at) {
        User.update("lastLogin = ?1 where id = ?2", at, id);
    }

    @Transactional
    public void changePasswordHash(long id, String passwordHash) {
        User.update("passwordHash = ?1 where id = ?2", passwordHash, id);
    }

    @Transactional
    public Optional<UserView> rename(long id, String name) {
        return findActive(id).map(user -> {
            user.name = name.strip();
            return UserView.of(user);
        });
    }
}
