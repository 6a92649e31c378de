package academy.datadetective.common;

/**
 * Text cells of a CSV that people open in a spreadsheet. A cell starting with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return is taken for a formula by Excel, LibreOffice and Google Sheets
 * (a student named {@code =HYPERLINK(…)} becomes a live link in the teacher's sheet); the OWASP CSV injection
 * guidance is to prefix such a cell with a single quote, which the spreadsheet shows as text and hides. The
 * CSV quoting itself stays the printer's job.
 */
public final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
