package academy.datadetective.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void roundsToTwoDecimalsHalfUp() {
        assertEquals(14.29, Decimals.round2(100.0 / 7));
        assertEquals(0.13, Decimals.round2(0.125));
    }

    @Test
    void ratiosAndPercentagesAreZeroWithNothingToDivideBy() {
        assertEquals(1.33, Decimals.ratio(4, 3));
        assertEquals(0.0, Decimals.ratio(5, 0));
        assertEquals(42.86, Decimals.percent(3, 7));
        assertEquals(0.0, Decimals.percent(0, 0));
    }
}
