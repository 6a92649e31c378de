package academy.datadetective.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

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

    private final Tuple tuple;

    private NativeRow(Tuple tuple) {
        this.tuple = tuple;
    }

    /** A native query whose rows come back as {@link Tuple}s, for {@link #list} and {@link #single}. */
    public static Query query(EntityManager entityManager, String sql) {
        return entityManager.createNativeQuery(sql, Tuple.class);
    }

    public static List<NativeRow> list(Query query) {
        @SuppressWarnings("unchecked")
        List<Tuple> tuples = query.getResultList();
        return tuples.stream().map(NativeRow::new).toList();
    }

    public static NativeRow single(Query query) {
        return new NativeRow((Tuple) query.getSingleResult());
    }

    public boolean isNull(String column) {
        return tuple.get(column) == null;
    }

    public long getLong(String column) {
        return ((Number) tuple.get(column)).longValue();
    }

    public Long getLongOrNull(String column) {
        Object value = tuple.get(column);
        return value == null ? null : ((Number) value).longValue();
    }

    public int getInt(String column) {
        return ((Number) tuple.get(column)).intValue();
    }

    public Integer getIntOrNull(String column) {
        Object value = tuple.get(column);
        return value == null ? null : ((Number) value).intValue();
    }

    public double getDouble(String column) {
        return ((Number) tuple.get(column)).doubleValue();
    }

    public boolean getBoolean(String column) {
        return (Boolean) tuple.get(column);
    }

    public String getString(String column) {
        return (String) tuple.get(column);
    }

    public Object get(String column) {
        return tuple.get(column);
    }

    /** A timestamptz, or a timestamp without time zone that holds UTC wall time. */
    public Instant getInstant(String column) {
        Object value = tuple.get(column);
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
