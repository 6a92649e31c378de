package academy.datadetective;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition instead of sleeping a fixed time; the bound only keeps a failure from hanging the build. */
public final class Await {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private Await() {
    }

    public static void until(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(BOUND);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "the condition did not hold within " + BOUND.toSeconds() + " s");
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
