package academy.datadetective.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.RepeatedTest;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Replicas starting together all run migrate-at-start on the same database; Flyway's lock must make one
 * of them apply each migration once and the others find nothing left to do.
 */
// Quarkus only for its class path: Flyway's PostgreSQL support comes in as a Quarkus conditional dependency,
// absent from the plain Maven test class path. The tests use a scratch database, never the application's.
@QuarkusTest
class ConcurrentMigrationTest {

    // A race shows only sometimes; a few rounds, each on a fresh database, make a miss less likely.
    @RepeatedTest(3)
    void twoInstancesMigratingAtOnceApplyEveryMigrationExactlyOnce() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            Flyway first = db.flyway();
            Flyway second = db.flyway();
            List<String> expected = new MigrationRunner(first).status().pending().stream()
                    .map(MigrationRunner.Migration::version).sorted().toList();
            CountDownLatch ready = new CountDownLatch(2);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<MigrateResult>> results = new ArrayList<>();
                for (Flyway flyway : List.of(first, second)) {
                    Callable<MigrateResult> migrate = () -> {
                        ready.countDown();
                        go.await();
                        return flyway.migrate();
                    };
                    results.add(pool.submit(migrate));
                }
                ready.await();
                go.countDown();
                List<String> appliedByEither = new ArrayList<>();
                for (Future<MigrateResult> result : results) {
                    // The bound only keeps a deadlock from hanging the build; it is not a speed requirement.
                    MigrateResult migrated = result.get(5, TimeUnit.MINUTES);
                    assertTrue(migrated.success);
                    migrated.migrations.forEach(m -> appliedByEither.add(m.version));
                }

                MigrationRunner firstRunner = new MigrationRunner(first);
                MigrationRunner secondRunner = new MigrationRunner(second);
                assertTrue(firstRunner.status().upToDate());
                assertTrue(secondRunner.status().upToDate());

                appliedByEither.sort(null);
                assertEquals(expected, appliedByEither, "each version applied by exactly one instance");
                List<String> recorded = new ArrayList<>(db.strings("SELECT version || ' x' || count(*) FROM "
                        + ScratchDatabase.HISTORY_TABLE + " WHERE version IS NOT NULL GROUP BY version"));
                recorded.sort(null);
                assertEquals(expected.stream().map(version -> version + " x1").toList(), recorded);
                assertEquals(List.of("0"), db.strings("SELECT count(*) FROM " + ScratchDatabase.HISTORY_TABLE + " WHERE NOT success"));
                assertEquals(firstRunner.status().latestKnown(), firstRunner.status().current());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
