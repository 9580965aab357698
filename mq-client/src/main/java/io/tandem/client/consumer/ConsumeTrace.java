package io.tandem.client.consumer;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.internal.MessageTracer;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.trace.TraceRecord;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The trace records of one listener call, as RocketMQ's push consumers write them with message trace on: a
 * {@code SubBefore} per message when the call starts, and a {@code SubAfter} per message when it returns, sharing
 * one request id, with the call's time divided by the batch size as each message's cost and the kind of outcome as
 * the context code. Messages marked TRACE_ON=false are left out. Used by one consume thread.
 */
final class ConsumeTrace {

    /** Context codes of {@code SubAfter}: the reference's ConsumeReturnType ordinals. */
    static final int SUCCESS = 0;
    static final int EXCEPTION = 2;
    static final int RETURN_NULL = 3;
    static final int FAILED = 4;

    private final MessageTracer tracer;
    private final Clock clock;
    private final String group;
    private final String requestId;
    private final List<ReceivedMessage> traced;
    private final long startedNs;

    private ConsumeTrace(MessageTracer tracer, Clock clock, String group, String requestId,
                         List<ReceivedMessage> traced) {
        this.tracer = tracer;
        this.clock = clock;
        this.group = group;
        this.requestId = requestId;
        this.traced = traced;
        this.startedNs = System.nanoTime();
    }

    /**
     * Records {@code SubBefore} for the traced messages of {@code batch}; null when {@code tracer} is null (trace
     * off) or no message of the batch is traced.
     */
    static ConsumeTrace before(MessageTracer tracer, Clock clock, String group, List<ReceivedMessage> batch) {
        if (tracer == null) {
            return null;
        }
        List<ReceivedMessage> traced = new ArrayList<>(batch.size());
        for (ReceivedMessage message : batch) {
            if (!MessageTracer.switchedOff(message.properties())) {
                traced.add(message);
            }
        }
        if (traced.isEmpty()) {
            return null;
        }
        String requestId = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        long now = clock.millis();
        for (ReceivedMessage message : traced) {
            tracer.record(new TraceRecord.ConsumeBefore(now, MessageTracer.region(message.properties()), group,
                    requestId, message.messageId(), message.reconsumeTimes(), message.property(PropertyKeys.KEYS)));
        }
        return new ConsumeTrace(tracer, clock, group, requestId, traced);
    }

    /** Records {@code SubAfter} for each traced message of the call. */
    void after(boolean success, int contextCode) {
        long elapsedMs = (System.nanoTime() - startedNs) / 1_000_000;
        int costMs = (int) Math.min(Integer.MAX_VALUE, elapsedMs / traced.size());
        long now = clock.millis();
        for (ReceivedMessage message : traced) {
            tracer.record(new TraceRecord.ConsumeAfter(requestId, message.messageId(), costMs, success,
                    message.property(PropertyKeys.KEYS), contextCode, now, group));
        }
    }

    /** The context code of a listener call that returned {@code result} (null: returned nothing). */
    static int contextCode(ConsumeResult result) {
        if (result == null) {
            return RETURN_NULL;
        }
        return result == ConsumeResult.SUCCESS ? SUCCESS : FAILED;
    }
}
