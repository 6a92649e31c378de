package academy.datadetective.seed;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import academy.datadetective.challenge.ChallengeKey;
import academy.datadetective.identity.Role;

/**
 * The sample academy of the seed guide: its accounts with their published passwords, and a learning
 * history for the full seed that gives the leaderboard, the reports and the analytics something to show
 * (a strong student, a beginner, wrong answers before right ones, hints, activity over four weeks).
 */
public final class SeedPlan {

    public static final String TEACHER_PASSWORD = "teacher123";
    public static final String STUDENT_PASSWORD = "student123";
    public static final String DEV_ADMIN_EMAIL = "admin@example.com";
    public static final String DEV_ADMIN_PASSWORD = "admin123";

    private SeedPlan() {
    }

    /** One challenge a student worked on: hints opened, wrong answers, then (if solved) the right one. */
    public record Activity(ChallengeKey challenge, int daysAgo, int hintsUsed, int wrongAttempts, boolean solved) {
    }

    /** An account to seed; {@code history} only for students, seeded by the full mode. */
    public record Account(String email, String name, Role role, String password, boolean inMinimal, List<Activity> history) {
    }

    static final Account TEACHER = new Account("teacher@example.com", "Ms. Johnson", Role.TEACHER, TEACHER_PASSWORD, true, List.of());

    static final List<Account> STUDENTS = List.of(
            student("alice@example.com", "Alice Cooper", true, List.of(
                    solved(1, 1, 27, 0, 0), solved(1, 2, 26, 1, 1), solved(1, 3, 24, 0, 0), solved(2, 1, 19, 1, 2),
                    solved(2, 2, 15, 0, 1), solved(3, 1, 9, 0, 0), solved(3, 2, 3, 2, 1))),
            student("bob@example.com", "Bob Smith", true, List.of(
                    solved(1, 1, 25, 2, 1), solved(1, 2, 22, 0, 0), solved(1, 3, 18, 1, 3), solved(2, 1, 11, 2, 2),
                    solved(3, 1, 4, 0, 1), unsolved(2, 2, 1, 1, 2))),
            student("charlie@example.com", "Charlie Davis", false, List.of(
                    solved(1, 1, 20, 0, 0), solved(1, 2, 16, 0, 1), solved(2, 1, 8, 1, 0), solved(2, 2, 2, 3, 2))),
            student("diana@example.com", "Diana Martinez", false, List.of(
                    solved(1, 1, 13, 1, 0), solved(1, 2, 6, 0, 2), solved(1, 3, 1, 1, 1))),
            student("eve@example.com", "Eve Thompson", false, List.of(
                    solved(1, 1, 0, 3, 3), unsolved(1, 2, 0, 1, 2))));

    /** A plausible wrong answer per built-in challenge, so that attempt histories read like real ones. */
    static final Map<ChallengeKey, String> WRONG_ANSWERS = Map.of(
            new ChallengeKey(1, 1), "SELECT id FROM users",
            new ChallengeKey(1, 2), "SELECT name FROM users",
            new ChallengeKey(1, 3), "SELECT * FROM users WHERE age >= 18",
            new ChallengeKey(2, 1), "SELECT * FROM users JOIN orders",
            new ChallengeKey(2, 2), "SELECT * FROM users RIGHT JOIN orders ON users.id = orders.user_id",
            new ChallengeKey(3, 1), "SELECT COUNT(id) FROM orders",
            new ChallengeKey(3, 2), "SELECT role FROM users GROUP BY role, name");

    /** The default accounts of a mode, teacher first (the order they are created and listed in). */
    static List<Account> accounts(SeedMode mode) {
        return Stream.concat(Stream.of(TEACHER),
                STUDENTS.stream().filter(student -> mode == SeedMode.FULL || student.inMinimal())).toList();
    }

    static Account devAdmin() {
        return new Account(DEV_ADMIN_EMAIL, "Dev Administrator", Role.ADMIN, DEV_ADMIN_PASSWORD, true, List.of());
    }

    /** The published password of a default account, for printing after a seed; empty for any other account. */
    public static Optional<String> publishedPassword(String email) {
        return Stream.concat(accounts(SeedMode.FULL).stream(), Stream.of(devAdmin()))
                .filter(account -> account.email().equals(email)).map(Account::password).findFirst();
    }

    private static Account student(String email, String name, boolean inMinimal, List<Activity> history) {
        return new Account(email, name, Role.STUDENT, STUDENT_PASSWORD, inMinimal, history);
    }

    private static Activity solved(int unit, int challenge, int daysAgo, int hintsUsed, int wrongAttempts) {
        return new Activity(new ChallengeKey(unit, challenge), daysAgo, hintsUsed, wrongAttempts, true);
    }

    private static Activity unsolved(int unit, int challenge, int daysAgo, int hintsUsed, int wrongAttempts) {
        return new Activity(new ChallengeKey(unit, challenge), daysAgo, hintsUsed, wrongAttempts, false);
    }
}
