package academy.datadetective.progress;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import academy.datadetective.common.NativeRow;
import academy.datadetective.progress.ProgressResponses.Item;
import academy.datadetective.progress.ProgressResponses.Leaderboard;
import academy.datadetective.progress.ProgressResponses.LeaderboardEntry;
import academy.datadetective.progress.ProgressResponses.Summary;
import academy.datadetective.progress.ProgressResponses.UserProgress;
import academy.datadetective.user.UserNotFoundException;

/**
 * Reading progress: a user's completions and the leaderboard. Both are the hottest reads of the API, so each is
 * one statement without a transaction of its own (BEGIN and COMMIT would double the round trips), straight
 * through JDBC ({@link NativeRow#list(DataSource, String, Object...)}).
 */
@ApplicationScoped
public class ProgressService {

    private final DataSource dataSource;

    ProgressService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One statement, hence one round trip and no transaction: the account (no row for an unknown id), its
     * completions (one row of NULLs when there are none) and the size of the built-in catalogue.
     *
     * @throws UserNotFoundException for an unknown id
     */
    public UserProgress progressOf(long userId) {
        List<NativeRow> rows = NativeRow.list(dataSource, """
                SELECT p.id, p.user_id, p.unit_id, p.challenge_id, p.custom_challenge_id, p.points_earned, p.hints_used,
                       p.completed_at, p.query, coalesce(c.title, cc.title, 'Unknown Challenge') AS title,
                       (SELECT count(*) FROM challenges) AS catalogue
                FROM users u
                LEFT JOIN progress p ON p.user_id = u.id
                LEFT JOIN challenges c ON c.unit_id = p.unit_id AND c.challenge_id = p.challenge_id
                LEFT JOIN custom_challenges cc ON cc.id = p.custom_challenge_id
                WHERE u.id = ?
                ORDER BY p.unit_id NULLS LAST, p.challenge_id, p.custom_challenge_id""", userId);
        if (rows.isEmpty()) {
            throw new UserNotFoundException("User not found: user_id=" + userId);
        }
        List<Item> items = rows.stream().filter(row -> !row.isNull("id")).map(row -> new Item(row.getLong("id"), row.getLong("user_id"),
                row.getIntOrNull("unit_id"), row.getIntOrNull("challenge_id"), row.getLongOrNull("custom_challenge_id"),
                row.getInt("points_earned"), row.getInt("hints_used"), row.getInstant("completed_at"), row.getString("query"),
                row.getString("title"))).toList();
        long builtInCompleted = items.stream().filter(item -> item.customChallengeId() == null).count();
        long catalogue = rows.get(0).getLong("catalogue");
        return new UserProgress(items, new Summary(items.stream().mapToLong(Item::pointsEarned).sum(), items.size(),
                catalogue == 0 ? 0.0 : builtInCompleted * 100.0 / catalogue));
    }

    /**
     * Read from user_points, the totals that triggers keep beside progress (V5): a page is an index range,
     * not an aggregate over every completion. Students with at least one completion, by points, ties broken by who registered first (lower id),
     * so that a page boundary never splits a tie differently from one request to the next. Students are
     * "not a teacher or admin" (ck_users_role): those few accounts are set aside first, so that a deep
     * offset skips entries of ix_user_points_rank alone instead of joining every student it passes.
     */
    public Leaderboard leaderboard(int offset, int limit) {
        List<NativeRow> rows = NativeRow.list(dataSource, """
                SELECT u.name, t.total_points, t.challenges_completed
                FROM (SELECT user_id, total_points, challenges_completed FROM user_points
                      WHERE user_id NOT IN (SELECT id FROM users WHERE role IN ('teacher', 'admin'))
                      ORDER BY total_points DESC, user_id
                      OFFSET ? LIMIT ?) t
                JOIN users u ON u.id = t.user_id
                ORDER BY t.total_points DESC, t.user_id""", offset, limit);
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (NativeRow row : rows) {
            entries.add(new LeaderboardEntry(offset + entries.size() + 1L, row.getString("name"), row.getLong("total_points"),
                    row.getLong("challenges_completed")));
        }
        return new Leaderboard(entries, offset, limit);
    }
}
