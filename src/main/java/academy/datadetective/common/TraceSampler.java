package academy.datadetective.common;

import java.util.List;

import jakarta.inject.Singleton;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Which spans are exported and which only recorded. With an endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), a trace a
 * caller sampled, and a share (OTEL_TRACES_SAMPLER_ARG) of those that start here, but for the untraced jobs';
 * without one, none. A statement left out is still recorded while the SQL log wants it, so that the log sees
 * every one: recorded but not sampled, it is never exported.
 */
@Singleton
public class TraceSampler implements Sampler {

    /**
     * The scheduled job (its identity) that starts no trace: RestoreGate's look for a running restore, every
     * BACKUP_RESTORE_LOOK_INTERVAL, would bury the others. Its statements still reach the SQL log.
     */
    public static final String UNTRACED_JOB = "restore-look";

    private final Sampler exported;
    private final boolean statementsRecorded;

    TraceSampler(TelemetryConfig config, StatementLog log) {
        this.exported = config.endpoint().isPresent() ? Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio())) : Sampler.alwaysOff();
        this.statementsRecorded = log.active();
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
            List<LinkData> parentLinks) {
        // A scheduled job's span is named by its identity, and is the root of its trace.
        boolean untraced = UNTRACED_JOB.equals(name) && !Span.fromContext(parentContext).getSpanContext().isValid();
        SamplingResult result = untraced ? SamplingResult.drop()
                : exported.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        if (result.getDecision() == SamplingDecision.DROP && statementsRecorded && StatementLog.isStatement(attributes)) {
            return SamplingResult.recordOnly();
        }
        return result;
    }

    @Override
    public String getDescription() {
        return "TraceSampler{exported=" + exported.getDescription() + ", statementsRecorded=" + statementsRecorded + "}";
    }
}
