package academy.datadetective.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The original's statistics: two decimals, half up, and 0 where there is nothing to divide by. */
public final class Decimals {

    private Decimals() {
    }

    public static double round2(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    public static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP).doubleValue();
    }

    /** {@code part} as a percentage of {@code whole}. */
    public static double percent(long part, long whole) {
        return ratio(part * 100, whole);
    }
}
