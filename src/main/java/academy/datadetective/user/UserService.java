package academy.datadetective.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.panache.common.Parameters;

import academy.datadetective.common.NativeRow;
import academy.datadetective.identity.Role;

/** Accounts: the one way other features create, find and change users. */
@ApplicationScoped
public class UserService {

    private final EntityManager entityManager;
    private final PasswordHasher passwordHasher;

    UserService(EntityManager entityManager, PasswordHasher passwordHasher) {
        this.entityManager = entityManager;
        this.passwordHasher = passwordHasher;
    }

    /** Emails are compared trimmed and lower-cased everywhere; the database refuses any other form. */
    public static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public Optional<Account> findActive(long id) {
        return User.<User>findByIdOptional(id).filter(User::isActive).map(Account::of);
    }

    @Transactional
    public Optional<Account> findActiveByEmail(String email) {
        return User.<User>find("email = :email and deactivatedAt is null", Parameters.with("email", normaliseEmail(email)))
                .firstResultOptional().map(Account::of);
    }

    /** Deactivated accounts included. */
    @Transactional
    public Optional<Account> findByEmail(String email) {
        return User.<User>find("email", normaliseEmail(email)).firstResultOptional().map(Account::of);
    }

    /** Any account, deactivated ones included (for teachers and admins). */
    @Transactional
    public UserView get(long id) {
        return User.<User>findByIdOptional(id).map(UserView::of).orElseThrow(UserNotFoundException::new);
    }

    @Transactional
    public boolean anyAccount() {
        return User.count() > 0;
    }

    /** @throws EmailAlreadyRegisteredException also when a concurrent registration wins the race */
    @Transactional
    public Account create(String email, String name, Role role, String passwordHash) {
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
        } catch (PersistenceException e) {
            if (e.getCause() instanceof ConstraintViolationException violation
                    && "ux_users_email".equals(violation.getConstraintName())) {
                throw new EmailAlreadyRegisteredException();
            }
            throw e;
        }
        return Account.of(user);
    }

    /** An account to create from a password in clear, which is hashed only if the account is created. */
    public record NewAccount(String email, String name, Role role, String password) {

        @Override
        public String toString() {
            return "NewAccount[email=" + email + ", role=" + role.value() + "]";
        }
    }

    /**
     * Creates those of the accounts whose email is not registered yet and leaves the others alone; bcrypt runs
     * only for the accounts created, being the slow part.
     *
     * @return for each account, in order, whether it was created now (an email given twice is created once)
     */
    @Transactional
    public List<Boolean> createMissing(List<NewAccount> accounts) {
        Set<String> registered = new HashSet<>(entityManager.createQuery("select email from User where email in :emails", String.class)
                .setParameter("emails", accounts.stream().map(NewAccount::email).toList()).getResultList());
        List<Boolean> created = new ArrayList<>();
        for (NewAccount account : accounts) {
            // ON CONFLICT: an account registered through the API meanwhile is left alone as well
            created.add(registered.add(account.email()) && entityManager.createNativeQuery("""
                    INSERT INTO users (email, name, role, password_hash) VALUES (:email, :name, :role, :hash)
                    ON CONFLICT (email) DO NOTHING""")
                    .setParameter("email", account.email())
                    .setParameter("name", account.name())
                    .setParameter("role", account.role().value())
                    .setParameter("hash", passwordHasher.hash(account.password()))
                    .executeUpdate() == 1);
        }
        return created;
    }

    /** The ids of the student accounts among these emails, by email. */
    @Transactional
    public Map<String, Long> studentIds(List<String> emails) {
        Map<String, Long> ids = new HashMap<>();
        if (emails.isEmpty()) {
            return ids;
        }
        NativeRow.list(NativeRow.query(entityManager, "SELECT email, id FROM users WHERE email IN (:emails) AND role = 'student'")
                .setParameter("emails", emails)).forEach(row -> ids.put(row.getString("email"), row.getLong("id")));
        return ids;
    }

    @Transactional
    public void recordLogin(long id, Instant at) {
        User.update("lastLogin = ?1 where id = ?2", at, id);
    }

    @Transactional
    public void changePasswordHash(long id, String passwordHash) {
        User.update("passwordHash = ?1 where id = ?2", passwordHash, id);
    }

    /**
     * Makes every access token issued to the account so far fail the per-request account check at once, not when
     * it expires: tokens carry the version they were issued at (V9).
     */
    @Transactional
    public void endAccessTokens(long id) {
        User.update("tokenVersion = tokenVersion + 1 where id = ?1", id);
    }

    @Transactional
    public Optional<UserView> rename(long id, String name) {
        return User.<User>findByIdOptional(id).filter(User::isActive).map(user -> {
            user.name = name.strip();
            return UserView.of(user);
        });
    }
}
