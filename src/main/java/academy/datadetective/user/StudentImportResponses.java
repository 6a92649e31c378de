package academy.datadetective.user;

import java.util.List;

/** The original's import report, with the temporary passwords the teacher hands out (shown once, stored only hashed). */
public record StudentImportResponses(String message, int successful, int skipped, int failed, List<ImportedStudent> importedStudents,
        List<RowError> errors) {

    public record ImportedStudent(String email, String name, String temporaryPassword) {
    }

    /** {@code rowNumber} counts the header as row 1, as a spreadsheet does. */
    public record RowError(long rowNumber, String email, String error) {
    }
}
