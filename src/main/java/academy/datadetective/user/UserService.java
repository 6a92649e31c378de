package academy.datadetective.user;

import static academy.datadetective.common.NativeValues.instant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;

import academy.datadetective.common.Causes;
import academy.datadetective.auth.TokenService;
import academy.datadetective.challenge.CustomChallenge;
import academy.datadetective.dataset.Dataset;

/** Accounts: the one way other features create, find and change users. */
@ApplicationScoped
public class UserService {

    private final EntityManager entityManager;
    private final DataSource dataSource;
    private final TokenService tokens;

    UserService(EntityManager entityManager, DataSource dataSource, TokenService tokens) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.tokens = tokens;
    }

    /** Emails are compared trimmed and lower-cased everywhere; the database refuses any other form. */
    public static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public Optional<User> findActive(long id) {
        return User.<User>findByIdOptional(id).filter(User::isActive);
    }

    /**
     * The role of an active account, empty for a deactivated or unknown one, or when the access token's version is
     * no longer the account's (its sessions were ended since). Every authenticated request asks this, so it reads
     * the one column it needs in a single round trip: no entity, and no transaction of its own (BEGIN and COMMIT
     * would double the round trips); inside a caller's transaction it joins it.
     */
    public Optional<Role> activeRole(long id, int tokenVersion) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT role FROM users WHERE id = ? AND deactivated_at IS NULL AND token_version = ?")) {
            statement.setLong(1, id);
            statement.setInt(2, tokenVersion);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(Role.fromValue(row.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the account: " + e.getMessage(), e);
        }
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

    /** One page of GET /users and the criteria it was asked with. */
    public record ListCriteria(String role, UserSort sort, int offset, int limit, boolean includeDeactivated) {
    }

    /**
     * One query for the page and one for the total. The page is a range of an index, taken before anything is
     * joined: users by name or date, users_by_points by points; the statistics come from user_points (V5),
     * which counts every progress row, custom challenges included. The total is a sum of user_counts.
     */
    @Transactional
    public UserResponses.UserPage list(ListCriteria criteria) {
        StringBuilder where = new StringBuilder("WHERE true");
        StringBuilder countWhere = new StringBuilder("WHERE true");
        Map<String, Object> parameters = new HashMap<>();
        boolean byPoints = criteria.sort() == UserSort.POINTS;
        if (criteria.role() != null) {
            where.append(" AND role = :role");
            countWhere.append(" AND role = :role");
            parameters.put("role", criteria.role());
        }
        if (!criteria.includeDeactivated()) {
            where.append(byPoints ? " AND NOT deactivated" : " AND deactivated_at IS NULL");
            countWhere.append(" AND NOT deactivated");
        }
        String pageOfUsers = byPoints
                ? "SELECT user_id AS id, name, total_points FROM users_by_points " + where
                : "SELECT id, name, created_at FROM users " + where;
        // where and ORDER BY are built from constants only; every value is a bound parameter
        Query page = entityManager.createNativeQuery("""
                SELECT u.id, u.email, u.name, u.role, u.created_at,
                       coalesce(t.total_points, 0) AS total_points,
                       coalesce(t.challenges_completed, 0) AS challenges_completed,
                       u.deactivated_at IS NOT NULL AS deactivated
                FROM (%s ORDER BY %s OFFSET :offset LIMIT :limit) l
                JOIN users u ON u.id = l.id
                LEFT JOIN user_points t ON t.user_id = u.id
                ORDER BY %s""".formatted(pageOfUsers, criteria.sort().orderBy(""), criteria.sort().orderBy("l")));
        Query count = entityManager.createNativeQuery("SELECT coalesce(sum(users), 0) FROM user_counts " + countWhere);
        parameters.forEach((name, value) -> {
            page.setParameter(name, value);
            count.setParameter(name, value);
        });
        page.setParameter("offset", criteria.offset());
        page.setParameter("limit", criteria.limit());
        List<UserResponses.ListedUser> rows = new ArrayList<>();
        for (Object result : page.getResultList()) {
            Object[] row = (Object[]) result;
            rows.add(new UserResponses.ListedUser(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                    (String) row[3], instant(row[4]), ((Number) row[5]).longValue(), ((Number) row[6]).longValue(),
                    (Boolean) row[7]));
        }
        long total = ((Number) count.getSingleResult()).longValue();
        return new UserResponses.UserPage(rows, total, criteria.offset(), criteria.limit());
    }

    /** Any account, deactivated ones included (for teachers and admins). */
    @Transactional
    public UserView get(long id) {
        return User.<User>findByIdOptional(id).map(UserView::of).orElseThrow(UserNotFoundException::new);
    }

    /** Admin only (the resource checks the role); an admin cannot change their own role, so that one admin always remains. */
    @Transactional
    public UserView update(long callerId, long id, UserRequests.Update request) {
        User user = User.<User>findByIdOptional(id).orElseThrow(UserNotFoundException::new);
        if (request.role() != null) {
            Role role = Role.fromValue(request.role());
            if (role != user.role && user.id == callerId) {
                throw new UserAccessDeniedException("You cannot change your own role");
            }
            user.role = role;
        }
        if (request.name() != null) {
            user.name = request.name().strip();
        }
        entityManager.flush();
        return UserView.of(user);
    }

    /**
     * Teachers may deactivate students only; admins anyone but themselves. Deactivating ends every
     * session of the account at once; its access tokens stop working on their next request.
     */
    @Transactional
    public UserResponses.AccountStatus deactivate(long callerId, Role callerRole, long id) {
        UserResponses.AccountStatus status = setActive(callerId, callerRole, id, false);
        tokens.endAllSessions(id);
        return status;
    }

    /** The same rules as {@link #deactivate}; the account logs in again (its old sessions stay ended). */
    @Transactional
    public UserResponses.AccountStatus reactivate(long callerId, Role callerRole, long id) {
        return setActive(callerId, callerRole, id, true);
    }

    private UserResponses.AccountStatus setActive(long callerId, Role callerRole, long id, boolean active) {
        String action = active ? "reactivate" : "deactivate";
        User user = manageable(callerId, callerRole, id, "You cannot " + action + " your own account");
        if (user.isActive() != active) {
            user.deactivatedAt = active ? null : Instant.now();
            Log.infof("User %d %sd account %d", callerId, action, id);
        }
        entityManager.flush();
        return UserResponses.AccountStatus.of(user);
    }

    /**
     * Admin only (the resource checks the role), never oneself. The schema removes the account's tokens,
     * progress, attempts and hints with it; a teacher who still owns datasets or custom challenges is
     * refused, since those are kept by ON DELETE RESTRICT.
     */
    @Transactional
    public void delete(long callerId, long id) {
        User user = User.<User>findByIdOptional(id).orElseThrow(UserNotFoundException::new);
        if (user.id == callerId) {
            throw new UserAccessDeniedException("You cannot delete your own account");
        }
        if (Dataset.count("teacherId", id) > 0 || CustomChallenge.count("teacherId", id) > 0) {
            throw new UserOwnsContentException();
        }
        try {
            user.delete();
            entityManager.flush();
        } catch (PersistenceException e) {
            // a dataset created between the check and the delete: the RESTRICT foreign key still says no
            if (isConstraintViolation(e)) {
                throw new UserOwnsContentException();
            }
            throw e;
        }
        Log.infof("User %d deleted account %d", callerId, id);
    }

    private User manageable(long callerId, Role callerRole, long id, String selfMessage) {
        User user = User.<User>findByIdOptional(id).orElseThrow(UserNotFoundException::new);
        if (callerRole == Role.ADMIN) {
            if (user.id == callerId) {
                throw new UserAccessDeniedException(selfMessage);
            }
        } else if (callerRole != Role.TEACHER || user.role != Role.STUDENT) {
            throw new UserAccessDeniedException();
        }
        return user;
    }

    private static boolean isConstraintViolation(Throwable e) {
        return Causes.any(e, ConstraintViolationException.class::isInstance);
    }
}
