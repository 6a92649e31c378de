package academy.datadetective.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import academy.datadetective.common.CsvInput;
import academy.datadetective.common.Spans;
import academy.datadetective.dataset.DatasetSchema.Column;
import academy.datadetective.dataset.DatasetSchema.ColumnType;

/**
 * A CSV upload as a dataset table, in two streaming passes over the uploaded file: the first checks it and
 * finds each column's type, the second copies the rows into the new table with COPY. Neither holds the
 * rows in memory. An empty cell is NULL (the original stored an empty string, which turned a numeric
 * column with one blank into text).
 */
final class CsvDataset {

    /** The original's rule for column names, before they are folded to lower case. */
    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> RESERVED = Set.of("select", "from", "where", "insert", "update", "delete", "drop", "create",
            "alter", "table", "index", "view", "procedure", "function", "trigger");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");
    private static final Pattern REAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    record Inspection(DatasetSchema schema, int rows) {
    }

    private CsvDataset() {
    }

    /** @throws InvalidDatasetException for anything the upload rules refuse, with the original's message where it had one */
    static Inspection inspect(Path file, DatasetConfig limits) {
        return read(file, (header, records) -> {
            if (header.size() > limits.maxColumns()) {
                throw new InvalidDatasetException("CSV has " + header.size() + " columns; at most " + limits.maxColumns() + " are allowed");
            }
            List<String> names = columnNames(header);
            ColumnType[] types = new ColumnType[names.size()];
            int rows = 0;
            for (CSVRecord record : records) {
                if (++rows > limits.maxRows()) {
                    throw new InvalidDatasetException("CSV has more than " + limits.maxRows() + " rows; at most " + limits.maxRows()
                            + " are allowed");
                }
                if (record.size() != names.size()) {
                    throw new InvalidDatasetException("Row " + (record.getRecordNumber() + 1) + " has " + record.size()
                            + " values; the header has " + names.size());
                }
                for (int i = 0; i < types.length; i++) {
                    types[i] = wider(types[i], typeOf(record.get(i)));
                }
            }
            if (rows == 0) {
                throw new InvalidDatasetException("CSV has no data rows");
            }
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < types.length; i++) {
                columns.add(new Column(names.get(i), types[i] == null ? ColumnType.TEXT : types[i]));
            }
            return new Inspection(new DatasetSchema(columns), rows);
        });
    }

    /** Copies the rows of a file that {@link #inspect} accepted; answers how many. */
    static long copy(Path file, DatasetSchema schema, Connection connection, String qualifiedTable, Spans spans) throws SQLException {
        String statement = "COPY " + qualifiedTable + " (" + schema.quotedColumnNames() + ") FROM STDIN (FORMAT csv)";
        try {
            return spans.copy(qualifiedTable, statement, bytes -> {
                PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), statement);
                try {
                    // POSTGRESQL_CSV writes null unquoted, which COPY reads as NULL, and every string quoted.
                    Writer text = new OutputStreamWriter(new BufferedOutputStream(bytes.counting(copy), 64 * 1024), StandardCharsets.UTF_8);
                    CSVPrinter printer = new CSVPrinter(text, CSVFormat.POSTGRESQL_CSV);
                    read(file, (header, records) -> {
                        for (CSVRecord record : records) {
                            List<String> values = new ArrayList<>(record.size());
                            record.forEach(value -> values.add(value.isEmpty() ? null : value));
                            printRecord(printer, values);
                        }
                        return null;
                    });
                    printer.flush();
                    return copy.endCopy();
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> columnNames(List<String> header) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : header) {
            String name = raw.toLowerCase(Locale.ROOT);
            if (!COLUMN_NAME.matcher(raw).matches() || RESERVED.contains(name) || !DatasetSchema.COLUMN_NAME.matcher(name).matches()) {
                throw new InvalidDatasetException("Invalid column name: " + raw);
            }
            if (!seen.add(name)) {
                throw new InvalidDatasetException("Duplicate column name: " + raw + " (names are not case-sensitive)");
            }
            names.add(name);
        }
        return names;
    }

    private static ColumnType typeOf(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (INTEGER.matcher(value).matches()) {
            return ColumnType.INTEGER;
        }
        return REAL.matcher(value).matches() ? ColumnType.REAL : ColumnType.TEXT;
    }

    /** INTEGER, then REAL, then TEXT: the type that holds every value seen so far. */
    private static ColumnType wider(ColumnType a, ColumnType b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private static <T> T read(Path file, CsvInput.Reading<T> reading) {
        try (InputStream in = Files.newInputStream(file)) {
            return CsvInput.read(in, InvalidDatasetException::new, "File is empty", reading);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printRecord(CSVPrinter printer, List<String> values) {
        try {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
