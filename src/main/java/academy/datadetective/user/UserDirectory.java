package academy.datadetective.user;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import academy.datadetective.common.NativeRow;

/** The list of accounts with their points that teachers and admins page through (GET /users). */
@ApplicationScoped
public class UserDirectory {

    private final EntityManager entityManager;

    UserDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
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
        Query page = NativeRow.query(entityManager, """
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
        List<UserResponses.ListedUser> rows = NativeRow.list(page).stream().map(row -> new UserResponses.ListedUser(
                row.getLong("id"), row.getString("email"), row.getString("name"), row.getString("role"), row.getInstant("created_at"),
                row.getLong("total_points"), row.getLong("challenges_completed"), row.getBoolean("deactivated"))).toList();
        long total = ((Number) count.getSingleResult()).longValue();
        return new UserResponses.UserPage(rows, total, criteria.offset(), criteria.limit());
    }
}
