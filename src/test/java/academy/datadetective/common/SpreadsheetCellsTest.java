package academy.datadetective.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SpreadsheetCellsTest {

    @Test
    void cellsASpreadsheetTakesForFormulasGetASingleQuoteInFront() {
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", SpreadsheetCells.text("=HYPERLINK(\"http://x\",\"y\")"));
        assertEquals("'+1", SpreadsheetCells.text("+1"));
        assertEquals("'-2+3", SpreadsheetCells.text("-2+3"));
        assertEquals("'@SUM(A1)", SpreadsheetCells.text("@SUM(A1)"));
        assertEquals("'\t=1", SpreadsheetCells.text("\t=1"));
        assertEquals("'\r=1", SpreadsheetCells.text("\r=1"));
    }

    @Test
    void otherCellsStayAsTheyAre() {
        assertEquals("O'Brien, \"Pat\"", SpreadsheetCells.text("O'Brien, \"Pat\""));
        assertEquals("a=1", SpreadsheetCells.text("a=1"));
        assertEquals(" =1", SpreadsheetCells.text(" =1"));
        assertEquals("", SpreadsheetCells.text(""));
        assertNull(SpreadsheetCells.text(null));
    }
}
