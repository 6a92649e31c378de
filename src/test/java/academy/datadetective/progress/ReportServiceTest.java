package academy.datadetective.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportServiceTest {

    @Test
    void percentilesRoundHalfToEvenAsTheOriginalDid() {
        assertEquals(2, ReportService.halfEven(2.5));
        assertEquals(4, ReportService.halfEven(3.5));
        assertEquals(3, ReportService.halfEven(2.51));
    }
}
