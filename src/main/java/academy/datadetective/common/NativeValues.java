package academy.datadetective.common;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The values of native query rows, whose Java types depend on the driver and Hibernate's mapping. */
public final class NativeValues {

    private NativeValues() {
    }

    public static long longValue(Object value) {
        return ((Number) value).longValue();
    }

    public static Integer intOrNull(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    /** A timestamptz, or a timestamp without time zone that holds UTC wall time. */
    public static Instant instant(Object value) {
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
        throw new IllegalStateException("Unexpected timestamp type " + (value == null ? null : value.getClass()));
    }
}
