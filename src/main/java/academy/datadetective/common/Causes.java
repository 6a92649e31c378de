package academy.datadetective.common;

import java.util.function.Predicate;

/** Questions about an exception and the causes it wraps (drivers, pools and Hibernate each wrap the one that says why). */
public final class Causes {

    private Causes() {
    }

    /** Whether the exception or any of its causes passes the test. */
    public static boolean any(Throwable exception, Predicate<Throwable> test) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
