package academy.datadetective;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The log records one logger (and those below it) publishes while a test runs, as text read on the
 * thread that logged them: the formatted message with its parameters and exceptions, and the request id and
 * trace id from the MDC, which belongs to that thread.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** @param traceId OpenTelemetry's, while its SDK runs */
    public record Line(String text, String requestId, String traceId) {
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** @param loggerName a category such as {@code academy.datadetective.auth}; {@code ""} for every logger */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.logger.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        ExtLogRecord ext = record instanceof ExtLogRecord e ? e : null;
        StringBuilder text = new StringBuilder(ext != null ? ext.getFormattedMessage() : String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                text.append(' ').append(parameter);
            }
        }
        for (Throwable thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
            text.append(' ').append(thrown);
        }
        lines.add(new Line(text.toString(), ext != null ? ext.getMdc("request_id") : null, ext != null ? ext.getMdc("traceId") : null));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Just the texts. */
    public List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
