package academy.datadetective.user;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.apache.commons.csv.CSVRecord;

import io.quarkus.logging.Log;

import academy.datadetective.common.CsvInput;
import academy.datadetective.identity.Role;
import academy.datadetective.user.StudentImportResponses.ImportedStudent;
import academy.datadetective.user.StudentImportResponses.RowError;

/**
 * Bulk creation of students from a CSV with columns {@code email} and {@code name}, as the original: rows
 * are checked one by one (invalid ones fail, known emails are skipped, both reported with their row
 * number), and the valid ones are created together in one transaction, each with a temporary password.
 */
@ApplicationScoped
public class StudentImportService {

    static final int MAX_ROWS = 10_000;

    private final EntityManager entityManager;
    private final PasswordHasher passwordHasher;
    private final Validator validator;

    StudentImportService(EntityManager entityManager, PasswordHasher passwordHasher, Validator validator) {
        this.entityManager = entityManager;
        this.passwordHasher = passwordHasher;
        this.validator = validator;
    }

    /** One row as the API validates a registration's fields. */
    record Row(@NotBlank @Email @Size(max = 255) String email, @NotBlank @Size(max = 100) String name) {
    }

    @Transactional
    public StudentImportResponses importStudents(InputStream csv) {
        Map<Long, Row> valid = new LinkedHashMap<>();
        List<RowError> errors = new ArrayList<>();
        int failed = 0;
        int skipped = 0;
        Set<String> seen = new HashSet<>();
        List<CSVRecord> records = parse(csv);
        Set<String> existing = existingEmails(records.stream().map(record -> normalisedCell(record, "email")).toList());
        for (CSVRecord record : records) {
            long rowNumber = record.getRecordNumber() + 1;
            Row row = new Row(normalisedCell(record, "email"), cell(record, "name"));
            String problem = problem(row);
            if (problem != null) {
                failed++;
                errors.add(new RowError(rowNumber, row.email().isEmpty() ? null : row.email(), problem));
            } else if (!seen.add(row.email())) {
                skipped++;
                errors.add(new RowError(rowNumber, row.email(), "Duplicate email in file (already processed above)"));
            } else if (existing.contains(row.email())) {
                skipped++;
                errors.add(new RowError(rowNumber, row.email(), "Email already exists in database"));
            } else {
                valid.put(rowNumber, row);
            }
        }
        List<ImportedStudent> imported = new ArrayList<>();
        for (Row row : valid.values()) {
            String password = PasswordHasher.temporaryPassword();
            User user = new User();
            user.email = row.email();
            user.name = row.name();
            user.role = Role.STUDENT;
            user.passwordHash = passwordHasher.hashGeneratedSecret(password);
            user.persist();
            imported.add(new ImportedStudent(row.email(), row.name(), password));
        }
        entityManager.flush();
        Log.infof("Imported %d students (%d skipped, %d failed)", imported.size(), skipped, failed);
        return new StudentImportResponses("Import completed: " + imported.size() + " students imported successfully", imported.size(),
                skipped, failed, imported, errors);
    }

    private List<CSVRecord> parse(InputStream csv) {
        return CsvInput.read(csv, StudentImportException::new, "CSV file is empty", (header, parsed) -> {
            List<String> missing = List.of("email", "name").stream().filter(column -> !header.contains(column)).toList();
            if (!missing.isEmpty()) {
                throw new StudentImportException("CSV missing required columns: " + String.join(", ", missing));
            }
            List<CSVRecord> records = new ArrayList<>();
            for (CSVRecord record : parsed) {
                if (records.size() == MAX_ROWS) {
                    throw new StudentImportException("CSV has more than " + MAX_ROWS + " rows; split it");
                }
                records.add(record);
            }
            return records;
        });
    }

    private String problem(Row row) {
        Set<ConstraintViolation<Row>> violations = validator.validate(row);
        return violations.stream()
                .sorted(java.util.Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .map(violation -> "Invalid " + violation.getPropertyPath() + ": " + violation.getMessage()
                        + (violation.getPropertyPath().toString().equals("email") ? " (" + row.email() + ")" : ""))
                .findFirst().orElse(null);
    }

    private Set<String> existingEmails(List<String> emails) {
        if (emails.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> found = entityManager.createNativeQuery("SELECT email FROM users WHERE email = ANY (CAST(:emails AS text[]))")
                .setParameter("emails", emails.toArray(String[]::new)).getResultList();
        return Set.copyOf(found);
    }

    /** A short row (a missing cell) reads as an empty cell, which validation then reports. */
    private static String cell(CSVRecord record, String column) {
        String header = record.getParser().getHeaderNames().stream().filter(name -> name.replace("\uFEFF", "").equals(column))
                .findFirst().orElseThrow();
        return record.isSet(header) ? record.get(header).strip() : "";
    }

    private static String normalisedCell(CSVRecord record, String column) {
        String value = cell(record, column);
        return value.isEmpty() ? value : UserService.normaliseEmail(value);
    }
}
