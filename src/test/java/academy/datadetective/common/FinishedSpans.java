package academy.datadetective.common;

import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Every span the application ends, recorded or sampled, kept in memory for the tests to read: the SDK's own
 * in-memory exporter would replace the OTLP one (a SpanExporter bean does), which the tests also check.
 * Only applications whose OpenTelemetry SDK runs ever call it.
 */
@Singleton
public class FinishedSpans implements SpanProcessor {

    private final Queue<SpanData> spans = new ConcurrentLinkedQueue<>();

    @Override
    public void onEnd(ReadableSpan span) {
        spans.add(span.toSpanData());
    }

    public List<SpanData> all() {
        return List.copyOf(spans);
    }

    public List<SpanData> matching(Predicate<SpanData> condition) {
        return spans.stream().filter(condition).toList();
    }

    public Optional<SpanData> first(Predicate<SpanData> condition) {
        return spans.stream().filter(condition).findFirst();
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }
}
