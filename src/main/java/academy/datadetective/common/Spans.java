package academy.datadetective.common;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * The service's own spans, beside those of HTTP, JDBC and scheduled jobs: an operation such as a backup, and
 * every COPY statement, named {@code COPY <table>}, with the rows and bytes it moved. pgjdbc's CopyManager runs
 * COPY on the driver's own connection, past the datasources' JDBC spans, so every COPY the service sends
 * (backups, restores, dataset uploads, the sandbox's copies) goes through here: for traces, and for the SQL
 * log ({@link StatementLog}), which reads the statement from the span as it does a JDBC span's. Without the
 * OpenTelemetry SDK the tracer does nothing.
 */
@ApplicationScoped
public class Spans {

    public static final AttributeKey<Long> ROWS = AttributeKey.longKey("academy.copy.rows");
    public static final AttributeKey<Long> BYTES = AttributeKey.longKey("academy.copy.bytes");
    // The keys the JDBC instrumentation gives its spans, so that a trace shows COPY like any other statement.
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation");
    private static final AttributeKey<String> TABLE = AttributeKey.stringKey("db.sql.table");

    private final Tracer tracer;

    Spans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** One COPY: moves the rows, counting the bytes it moves in {@code bytes}; answers the rows. */
    @FunctionalInterface
    public interface Copy {
        long rows(Bytes bytes) throws SQLException, IOException;
    }

    /** The bytes of the rows a COPY moves, as PostgreSQL's COPY format has them. */
    public static final class Bytes {
        private long count;

        public void add(long bytes) {
            count += bytes;
        }

        /** {@code out}, counting what is written through it. */
        public OutputStream counting(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    count++;
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    count += length;
                }
            };
        }
    }

    /** Runs {@code operation} in a span of its own, a child of the current one, which it may add attributes to. */
    public <T> T operation(String name, Function<Span, T> operation) {
        Span span = tracer.spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return operation.apply(span);
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Runs {@code copy} in a span of its own, a child of the current one; answers the rows it moved. */
    public long copy(String table, String statement, Copy copy) throws SQLException, IOException {
        Span span = tracer.spanBuilder("COPY " + table).setAttribute(SYSTEM, "postgresql").setAttribute(OPERATION, "COPY")
                .setAttribute(TABLE, table).setAttribute(StatementLog.STATEMENT, statement).startSpan();
        Bytes bytes = new Bytes();
        try (Scope ignored = span.makeCurrent()) {
            long rows = copy.rows(bytes);
            span.setAttribute(ROWS, rows);
            return rows;
        } catch (SQLException | IOException | RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.setAttribute(BYTES, bytes.count);
            span.end();
        }
    }

    private static void failed(Span span, Exception failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR);
    }
}
