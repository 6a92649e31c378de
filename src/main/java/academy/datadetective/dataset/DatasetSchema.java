package academy.datadetective.dataset;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The columns of a dataset table, as stored in {@code datasets.schema_json} and shown by the API:
 * {@code {"columns":[{"name":"score","type":"INTEGER"}]}}. Type names are the original service's.
 */
public record DatasetSchema(List<Column> columns) {

    /**
     * Lower case because PostgreSQL folds unquoted names ({@code SELECT Score} must find column {@code score});
     * at most 63 characters, the longest name PostgreSQL keeps whole.
     */
    static final Pattern COLUMN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public record Column(String name, ColumnType type) {
    }

    public enum ColumnType {
        INTEGER("bigint"), REAL("double precision"), TEXT("text");

        private final String sqlType;

        ColumnType(String sqlType) {
            this.sqlType = sqlType;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public DatasetSchema {
        columns = List.copyOf(columns);
    }

    /** A schema as stored in {@code datasets.schema_json}, for code that reads it with plain JDBC. */
    public static DatasetSchema fromJson(String json) {
        try {
            return JSON.readValue(json, DatasetSchema.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a dataset schema: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * {@code "name" type, …} for CREATE TABLE. Names are checked again here, not only at upload, because
     * a schema also arrives from a backup file.
     */
    public String columnDefinitions() {
        return String.join(", ", columns.stream().map(column -> quoted(column.name()) + " " + column.type().sqlType).toList());
    }

    /** {@code "a", "b"} as a COPY or INSERT column list. */
    public String quotedColumnNames() {
        return String.join(", ", columns.stream().map(column -> quoted(column.name())).toList());
    }

    private static String quoted(String name) {
        if (!COLUMN_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a dataset column name: " + name);
        }
        return '"' + name + '"';
    }
}
