package academy.datadetective.common;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.semconv.DbAttributes;
import io.quarkus.logging.Log;

/**
 * The SQL log (DB_ECHO, DB_SLOW_QUERY_MS), written from the spans of statements: the JDBC spans of both
 * datasources (Hibernate, native SQL, JDBC, Flyway, the sandbox) and those {@link Spans} opens for COPY,
 * which pgjdbc runs past them. Their text is the instrumentation's: literals replaced by {@code ?}, bound
 * values never captured, so no password hash, token or data value reaches the log.
 */
@Singleton
public class StatementLog implements SpanProcessor {

    /** Where the JDBC instrumentation puts the statement by default, and {@code db.query.text} once the new semconv is opted into. */
    static final AttributeKey<String> STATEMENT = AttributeKey.stringKey("db.statement");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final boolean echo;
    private final long slowNanos;

    StatementLog(TelemetryConfig config) {
        this.echo = config.sqlEcho();
        this.slowNanos = config.slowSqlMs() > 0 ? config.slowSqlMs() * 1_000_000 : Long.MAX_VALUE;
    }

    /** Whether the log wants the spans of statements recorded, exported or not. */
    boolean active() {
        return echo || slowNanos != Long.MAX_VALUE;
    }

    static boolean isStatement(Attributes attributes) {
        return attributes.get(STATEMENT) != null || attributes.get(DbAttributes.DB_QUERY_TEXT) != null;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        String statement = span.getAttribute(STATEMENT);
        if (statement == null) {
            statement = span.getAttribute(DbAttributes.DB_QUERY_TEXT);
        }
        if (statement == null) {
            return;
        }
        long nanos = span.getLatencyNanos();
        if (nanos >= slowNanos) {
            Log.warnf("Slow SQL (%d ms): %s", NANOSECONDS.toMillis(nanos), oneLine(statement));
        } else if (echo) {
            Log.infof("SQL (%d ms): %s", NANOSECONDS.toMillis(nanos), oneLine(statement));
        }
    }

    private static String oneLine(String statement) {
        return WHITESPACE.matcher(statement.strip()).replaceAll(" ");
    }

    @Override
    public boolean isEndRequired() {
        return active();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }
}
