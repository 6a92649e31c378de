package academy.datadetective.seed;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.quarkus.logging.Log;

import academy.datadetective.challenge.ChallengeKey;
import academy.datadetective.challenge.ChallengeService;
import academy.datadetective.common.Sql;
import academy.datadetective.identity.Role;
import academy.datadetective.progress.LearningHistory;
import academy.datadetective.seed.SeedPlan.Account;
import academy.datadetective.seed.SeedPlan.Activity;
import academy.datadetective.seed.SeedReport.SeededAccount;
import academy.datadetective.user.UserService;

/**
 * Seeds the sample academy of {@link SeedPlan}, optionally after clearing all data ({@link DataWipe}), in one
 * transaction: a failure anywhere leaves the database as it was. The accounts are made by the user feature and
 * the learning histories written by the progress feature, as they own those tables. Seeding is additive and
 * idempotent: an existing account is left alone, and a student's sample history is added only while they have none.
 */
@ApplicationScoped
public class SeedService {

    /** Two seeds at once (two dev instances starting, an operator and the API) take turns instead of racing. */
    private static final String SEED_LOCK = "academy:seed";

    private final EntityManager entityManager;
    private final UserService users;
    private final ChallengeService challenges;
    private final LearningHistory history;
    private final DataWipe wipe;
    private final SeedConfig config;

    SeedService(EntityManager entityManager, UserService users, ChallengeService challenges, LearningHistory history, DataWipe wipe,
            SeedConfig config) {
        this.entityManager = entityManager;
        this.users = users;
        this.challenges = challenges;
        this.history = history;
        this.wipe = wipe;
        this.config = config;
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
            wipe.clearAllData();
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
        if (users.anyAccount()) {
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
            Role role = users.findByEmail(admin.email()).orElseThrow().role();
            if (role != Role.ADMIN) {
                // Someone registered the address first; promoting that account would hand its owner the admin role.
                Log.warnf("ADMIN_EMAIL names an existing %s account; it was not made an administrator", role.value());
            }
            return account;
        });
    }

    private void lock() {
        entityManager.unwrap(Session.class).doWork(connection -> Sql.lock(connection, SEED_LOCK));
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

    private List<SeededAccount> createAccounts(List<Account> accounts) {
        List<Boolean> created = users.createMissing(accounts.stream()
                .map(account -> new UserService.NewAccount(account.email(), account.name(), account.role(), account.password()))
                .toList());
        List<SeededAccount> seeded = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            Account account = accounts.get(i);
            seeded.add(new SeededAccount(account.email(), account.name(), account.role().value(), created.get(i)));
        }
        return seeded;
    }

    private static final class HistoryCounts {
        int progress;
        int attempts;
        int hints;
    }

    /** Only for students with no learning rows at all, so that a second seed adds nothing and a minimal one can be completed. */
    private HistoryCounts insertHistories(List<Account> accounts) {
        Map<ChallengeKey, ChallengeService.Definition> catalogue = challenges.definitions();
        Map<String, Long> students = users.studentIds(accounts.stream()
                .filter(account -> !account.history().isEmpty()).map(Account::email).toList());
        Set<Long> withoutHistory = history.withoutHistory(students.values());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HistoryCounts counts = new HistoryCounts();
        for (Account account : accounts) {
            Long userId = students.get(account.email());
            if (userId == null || !withoutHistory.contains(userId)) {
                continue;
            }
            for (int i = 0; i < account.history().size(); i++) {
                Activity activity = account.history().get(i);
                ChallengeService.Definition challenge = catalogue.get(activity.challenge());
                if (challenge == null) {
                    throw new IllegalStateException("The seed plan names challenge " + activity.challenge()
                            + ", which the catalogue does not have");
                }
                // Each activity its own time of day, so that no two rows of a student share a timestamp.
                Instant finished = now.minus(Duration.ofDays(activity.daysAgo())).minus(Duration.ofMinutes(45L * i + 30));
                insertActivity(userId, activity, challenge, finished, counts);
            }
        }
        return counts;
    }

    /** Hints first, then the wrong answers four minutes apart, then the right one and its progress row. */
    private void insertActivity(long userId, Activity activity, ChallengeService.Definition challenge, Instant finished,
            HistoryCounts counts) {
        int steps = activity.wrongAttempts() + (activity.solved() ? 1 : 0);
        Instant started = finished.minus(Duration.ofMinutes(4L * steps + 2L * activity.hintsUsed()));
        for (int level = 1; level <= activity.hintsUsed(); level++) {
            history.hintOpened(userId, activity.challenge(), level, started.plus(Duration.ofMinutes(2L * (level - 1))));
            counts.hints++;
        }
        Instant firstAnswer = started.plus(Duration.ofMinutes(2L * activity.hintsUsed()));
        for (int attempt = 0; attempt < steps; attempt++) {
            boolean correct = activity.solved() && attempt == steps - 1;
            history.attempted(userId, activity.challenge(),
                    correct ? challenge.sampleSolution() : SeedPlan.WRONG_ANSWERS.get(activity.challenge()), correct,
                    firstAnswer.plus(Duration.ofMinutes(4L * attempt)));
            counts.attempts++;
        }
        if (activity.solved()) {
            history.completed(userId, activity.challenge(), challenge.points(), activity.hintsUsed(), challenge.sampleSolution(),
                    firstAnswer.plus(Duration.ofMinutes(4L * (steps - 1))));
            counts.progress++;
        }
    }
}
