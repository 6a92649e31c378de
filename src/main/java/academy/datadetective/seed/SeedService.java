package academy.datadetective.seed;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import io.quarkus.logging.Log;

import academy.datadetective.auth.PasswordHasher;
import academy.datadetective.challenge.ChallengeKey;
import academy.datadetective.dataset.DatasetTables;
import academy.datadetective.seed.SeedPlan.Account;
import academy.datadetective.seed.SeedPlan.Activity;
import academy.datadetective.seed.SeedReport.SeededAccount;
import academy.datadetective.user.Role;
import academy.datadetective.user.UserService;
import academy.datadetective.common.Sql;

/**
 * Seeds the sample academy of {@link SeedPlan}, optionally after clearing all data, in one transaction:
 * a failure anywhere leaves the database as it was. Seeding is additive and idempotent: an existing
 * account is left alone, and a student's sample history is added only while they have none.
 */
@ApplicationScoped
public class SeedService {

    /** Shipped by migrations, not seeded: clearing keeps them, so a cleared database still matches its schema version. */
    static final Set<String> REFERENCE_TABLES = Set.of("units", "challenges");

    /** Two seeds at once (two dev instances starting, an operator and the API) take turns instead of racing. */
    private static final String SEED_LOCK = "academy:seed";

    private final EntityManager entityManager;
    private final PasswordHasher passwordHasher;
    private final SeedConfig config;
    private final String migrationHistoryTable;

    SeedService(EntityManager entityManager, PasswordHasher passwordHasher, SeedConfig config,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String migrationHistoryTable) {
        this.entityManager = entityManager;
        this.passwordHasher = passwordHasher;
        this.config = config;
        this.migrationHistoryTable = migrationHistoryTable;
    }

    /**
     * @param force seed the default accounts even where configuration does not allow them (prod)
     * @param howToForce what the refusal tells the caller to do: the CLI flag or the API parameter
     * @throws DefaultAccountsRefusedException when not allowed and not forced; nothing is changed then
     */
    @Transactional
    public SeedReport seed(SeedMode mode, boolean clear, boolean force, String howToForce) {
        if (!config.defaultAccountsAllowed() && !force) {
            throw new DefaultAccountsRefusedException(howToForce);
        }
        lock();
        if (clear) {
            clearAllData();
        }
        SeedReport report = insert(mode, clear);
        Log.infof("Seeded (%s%s): %d accounts created, %d progress rows, %d attempts, %d hints", mode.value(),
                clear ? ", after clearing all data" : "", report.accountsCreated(), report.progressCreated(),
                report.attemptsCreated(), report.hintsCreated());
        return report;
    }

    /** Seeds only a database without accounts, so that a restart never adds sample data to a used one. */
    @Transactional
    public Optional<SeedReport> seedIfEmpty(SeedMode mode) {
        if (!config.defaultAccountsAllowed()) {
            Log.warn("Not seeding the empty database: default accounts are not allowed here (SEED_DEFAULT_ACCOUNTS_ALLOWED=false)");
            return Optional.empty();
        }
        lock();
        if (((Number) entityManager.createNativeQuery("SELECT count(*) FROM users").getSingleResult()).longValue() > 0) {
            return Optional.empty();
        }
        SeedReport report = insert(mode, false);
        Log.infof("Seeded the empty database (%s): %d accounts, %d progress rows", mode.value(), report.accountsCreated(),
                report.progressCreated());
        return Optional.of(report);
    }

    /** Creates the configured bootstrap administrator unless an account with that email exists. */
    @Transactional
    public Optional<SeededAccount> ensureBootstrapAdmin() {
        return bootstrapAdmin().map(admin -> {
            lock();
            SeededAccount account = createAccounts(List.of(admin)).get(0);
            Object role = entityManager.createNativeQuery("SELECT role FROM users WHERE email = :email")
                    .setParameter("email", admin.email()).getSingleResult();
            if (!Role.ADMIN.value().equals(role)) {
                // Someone registered the address first; promoting that account would hand its owner the admin role.
                Log.warnf("ADMIN_EMAIL names an existing %s account; it was not made an administrator", role);
            }
            return account;
        });
    }

    private void lock() {
        entityManager.unwrap(Session.class).doWork(connection -> Sql.lock(connection, SEED_LOCK));
    }

    /**
     * Deletes every row of every application table and drops the teachers' dataset tables. The users'
     * id sequence is the one not reset: an access token issued before the clear names its account by id,
     * and must never come to name a different, newly seeded account.
     */
    private void clearAllData() {
        int datasetTables = entityManager.unwrap(Session.class).doReturningWork(DatasetTables::dropAll);
        List<String> kept = new ArrayList<>(REFERENCE_TABLES);
        kept.add(migrationHistoryTable);
        kept.add("users");
        @SuppressWarnings("unchecked")
        List<String> tables = entityManager.createNativeQuery("""
                SELECT format('%I', tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND NOT (tablename = ANY (CAST(:kept AS text[])))
                ORDER BY 1""").setParameter("kept", kept.toArray(String[]::new)).getResultList();
        if (!tables.isEmpty()) {
            entityManager.createNativeQuery("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY").executeUpdate();
        }
        entityManager.createNativeQuery("TRUNCATE users CASCADE").executeUpdate();
        Log.infof("Cleared all data: %d tables emptied, %d dataset tables dropped", tables.size() + 1, datasetTables);
    }

    private SeedReport insert(SeedMode mode, boolean cleared) {
        List<Account> accounts = new ArrayList<>(SeedPlan.accounts(mode));
        if (config.devAdmin()) {
            accounts.add(SeedPlan.devAdmin());
        }
        bootstrapAdmin().ifPresent(accounts::add);
        List<SeededAccount> seeded = createAccounts(accounts);
        HistoryCounts counts = mode == SeedMode.FULL ? insertHistories(accounts) : new HistoryCounts();
        return new SeedReport(mode, cleared, seeded, counts.progress, counts.attempts, counts.hints);
    }

    private Optional<Account> bootstrapAdmin() {
        SeedConfig.BootstrapAdmin admin = config.bootstrapAdmin();
        if (admin.email().isEmpty() || admin.password().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Account(UserService.normaliseEmail(admin.email().get()), admin.name(), Role.ADMIN,
                admin.password().get(), true, List.of()));
    }

    /** Hashes passwords only for accounts that do not exist yet: bcrypt is the slow part of a seed. */
    private List<SeededAccount> createAccounts(List<Account> accounts) {
        List<String> emails = accounts.stream().map(Account::email).toList();
        @SuppressWarnings("unchecked")
        Set<String> existing = Set.copyOf(entityManager.createNativeQuery("SELECT email FROM users WHERE email IN (:emails)")
                .setParameter("emails", emails).getResultList());
        List<SeededAccount> seeded = new ArrayList<>();
        for (Account account : accounts) {
            int inserted = existing.contains(account.email()) ? 0 : entityManager.createNativeQuery("""
                    INSERT INTO users (email, name, role, password_hash) VALUES (:email, :name, :role, :hash)
                    ON CONFLICT (email) DO NOTHING""")
                    .setParameter("email", account.email())
                    .setParameter("name", account.name())
                    .setParameter("role", account.role().value())
                    .setParameter("hash", passwordHasher.hash(account.password()))
                    .executeUpdate();
            seeded.add(new SeededAccount(account.email(), account.name(), account.role().value(), inserted == 1));
        }
        return seeded;
    }

    private static final class HistoryCounts {
        int progress;
        int attempts;
        int hints;
    }

    private record CatalogueEntry(int points, String solution) {
    }

    /** Only for students with no learning rows at all, so that a second seed adds nothing and a minimal one can be completed. */
    private HistoryCounts insertHistories(List<Account> accounts) {
        Map<ChallengeKey, CatalogueEntry> catalogue = catalogue();
        Map<String, Long> withoutHistory = studentsWithoutHistory(accounts.stream()
                .filter(account -> !account.history().isEmpty()).map(Account::email).toList());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HistoryCounts counts = new HistoryCounts();
        for (Account account : accounts) {
            Long userId = withoutHistory.get(account.email());
            if (userId == null) {
                continue;
            }
            for (int i = 0; i < account.history().size(); i++) {
                Activity activity = account.history().get(i);
                CatalogueEntry entry = catalogue.get(activity.challenge());
                if (entry == null) {
                    throw new IllegalStateException("The seed plan names challenge " + activity.challenge()
                            + ", which the catalogue does not have");
                }
                // Each activity its own time of day, so that no two rows of a student share a timestamp.
                Instant finished = now.minus(Duration.ofDays(activity.daysAgo())).minus(Duration.ofMinutes(45L * i + 30));
                insertActivity(userId, activity, entry, finished, counts);
            }
        }
        return counts;
    }

    /** Hints first, then the wrong answers four minutes apart, then the right one and its progress row. */
    private void insertActivity(long userId, Activity activity, CatalogueEntry entry, Instant finished, HistoryCounts counts) {
        int steps = activity.wrongAttempts() + (activity.solved() ? 1 : 0);
        Instant started = finished.minus(Duration.ofMinutes(4L * steps + 2L * activity.hintsUsed()));
        for (int level = 1; level <= activity.hintsUsed(); level++) {
            entityManager.createNativeQuery("""
                    INSERT INTO hints (user_id, unit_id, challenge_id, hint_level, accessed_at)
                    VALUES (:user, :unit, :challenge, :level, :at)""")
                    .setParameter("user", userId).setParameter("unit", activity.challenge().unitId())
                    .setParameter("challenge", activity.challenge().challengeId()).setParameter("level", level)
                    .setParameter("at", started.plus(Duration.ofMinutes(2L * (level - 1))))
                    .executeUpdate();
            counts.hints++;
        }
        Instant firstAnswer = started.plus(Duration.ofMinutes(2L * activity.hintsUsed()));
        for (int attempt = 0; attempt < steps; attempt++) {
            boolean correct = activity.solved() && attempt == steps - 1;
            insertAttempt(userId, activity.challenge(), correct ? entry.solution() : SeedPlan.WRONG_ANSWERS.get(activity.challenge()),
                    correct, firstAnswer.plus(Duration.ofMinutes(4L * attempt)));
            counts.attempts++;
        }
        if (activity.solved()) {
            entityManager.createNativeQuery("""
                    INSERT INTO progress (user_id, unit_id, challenge_id, points_earned, hints_used, query, completed_at)
                    VALUES (:user, :unit, :challenge, :points, :hints, :query, :at)""")
                    .setParameter("user", userId).setParameter("unit", activity.challenge().unitId())
                    .setParameter("challenge", activity.challenge().challengeId()).setParameter("points", entry.points())
                    .setParameter("hints", activity.hintsUsed()).setParameter("query", entry.solution())
                    .setParameter("at", firstAnswer.plus(Duration.ofMinutes(4L * (steps - 1))))
                    .executeUpdate();
            counts.progress++;
        }
    }

    private void insertAttempt(long userId, ChallengeKey challenge, String query, boolean correct, Instant at) {
        entityManager.createNativeQuery("""
                INSERT INTO attempts (user_id, unit_id, challenge_id, query, is_correct, attempted_at)
                VALUES (:user, :unit, :challenge, :query, :correct, :at)""")
                .setParameter("user", userId).setParameter("unit", challenge.unitId())
                .setParameter("challenge", challenge.challengeId()).setParameter("query", query)
                .setParameter("correct", correct).setParameter("at", at)
                .executeUpdate();
    }

    private Map<ChallengeKey, CatalogueEntry> catalogue() {
        Map<ChallengeKey, CatalogueEntry> catalogue = new HashMap<>();
        @SuppressWarnings("unchecked")
        Stream<Object[]> rows = entityManager.createNativeQuery("SELECT unit_id, challenge_id, points, sample_solution FROM challenges")
                .getResultStream();
        rows.forEach(row -> catalogue.put(new ChallengeKey(((Number) row[0]).intValue(), ((Number) row[1]).intValue()),
                new CatalogueEntry(((Number) row[2]).intValue(), (String) row[3])));
        return catalogue;
    }

    /** Student accounts among {@code emails} without any progress, attempt or hint, by email. */
    private Map<String, Long> studentsWithoutHistory(List<String> emails) {
        Map<String, Long> ids = new HashMap<>();
        if (emails.isEmpty()) {
            return ids;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT u.email, u.id FROM users u
                WHERE u.email IN (:emails) AND u.role = 'student'
                  AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.user_id = u.id)
                  AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = u.id)
                  AND NOT EXISTS (SELECT 1 FROM hints h WHERE h.user_id = u.id)""")
                .setParameter("emails", emails).getResultList();
        rows.forEach(row -> ids.put((String) row[0], ((Number) row[1]).longValue()));
        return ids;
    }
}
