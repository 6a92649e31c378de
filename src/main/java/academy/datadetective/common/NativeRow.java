package academy.datadetective.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

/**
 * One row of a native query, read by the names its SELECT gives the columns rather than by position, so that a
 * column added to a query cannot shift the others. The Java type of a value depends on the driver and on
 * Hibernate's mapping (a count is a Long, a sum a BigDecimal, a timestamptz an Instant or an OffsetDateTime):
 * each getter accepts whichever arrives.
 */
public final class NativeRow {

    private final Function<String, Object> columns;

    private NativeRow(Function<String, Object> columns) {
        this.columns = columns;
    }

    /** A native query whose rows come back as {@link Tuple}s, for {@link #list} and {@link #single}. */
    public static Query query(EntityManager entityManager, String sql) {
        return entityManager.createNativeQuery(sql, Tuple.class);
    }

    public static List<NativeRow> list(Query query) {
        @SuppressWarnings("unchecked")
        List<Tuple> tuples = query.getResultList();
        return tuples.stream().map(tuple -> new NativeRow(tuple::get)).toList();
    }

    public static NativeRow single(Query query) {
        return new NativeRow(((Tuple) query.getSingleResult())::get);
    }

    /**
     * The rows of a statement with positional parameters, straight through JDBC: for the hottest reads, where
     * Hibernate's native query (parsing, result set mapping, tuples) cost more CPU than the statement itself
     * (issue 21's profile). Inside a caller's transaction it joins it; outside, it runs in autocommit.
     */
    public static List<NativeRow> list(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                String[] labels = new String[meta.getColumnCount()];
                for (int column = 1; column <= labels.length; column++) {
                    labels[column - 1] = meta.getColumnLabel(column);
                }
                List<NativeRow> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> values = new HashMap<>();
                    for (int column = 1; column <= labels.length; column++) {
                        values.put(labels[column - 1], rows.getObject(column));
                    }
                    result.add(new NativeRow(values::get));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read: " + e.getMessage(), e);
        }
    }

    public boolean isNull(String column) {
        return columns.apply(column) == null;
    }

    public long getLong(String column) {
        return ((Number) columns.apply(column)).longValue();
    }

    public Long getLongOrNull(String column) {
        Object value = columns.apply(column);
        return value == null ? null : ((Number) value).longValue();
    }

    public int getInt(String column) {
        return ((Number) columns.apply(column)).intValue();
    }

    public Integer getIntOrNull(String column) {
        Object value = columns.apply(column);
        return value == null ? null : ((Number) value).intValue();
    }

    public double getDouble(String column) {
        return ((Number) columns.apply(column)).doubleValue();
    }

    public boolean getBoolean(String column) {
        return (Boolean) columns.apply(column);
    }

    public String getString(String column) {
        return (String) columns.apply(column);
    }

    public Object get(String column) {
        return columns.apply(column);
    }

    /** A timestamptz, or a timestamp without time zone that holds UTC wall time. */
    public Instant getInstant(String column) {
        Object value = columns.apply(column);
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + (value == null ? null : value.getClass()) + " of " + column);
    }
}
