package io.tandem.console.trace;

import io.tandem.console.trace.TimelineEvent.Stage;
import io.tandem.console.trace.TimelineEvent.Status;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.trace.TraceCodec;
import io.tandem.protocol.trace.TraceDescriptor;
import io.tandem.protocol.trace.TraceRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the records of the trace topic about one message: the clients' ({@code Pub}, {@code SubBefore},
 * {@code SubAfter}, {@code EndTransaction}, written by RocketMQ clients and Tandem's client with message trace on)
 * and the broker's own ({@code BrokerStored}, {@code BrokerRetry}, {@code BrokerDeadLetter}, {@code BrokerHalf},
 * {@code BrokerCheckBack}, {@code BrokerDecision}). A record belongs to the message when its message id is the
 * message's id (or, for a batch's {@code Pub}, one of the comma-joined ids): the trace message that carries it is
 * found by that id as a key, but carries records of other messages too, whose keys or text may contain the id.
 * Stateless.
 */
final class TraceTopicRecords {

    /** The default trace topic of RocketMQ clients and of Tandem's client and broker. */
    static final String TRACE_TOPIC = TraceDescriptor.DEFAULT_TOPIC;

    private TraceTopicRecords() {
    }

    /**
     * The records of {@code traceData} (one trace message's body) about {@code messageId}, in order.
     *
     * @throws ProtocolException if a record of a known type is malformed
     */
    static List<TraceRecord> about(String traceData, String messageId) {
        List<TraceRecord> found = new ArrayList<>();
        for (TraceRecord record : TraceCodec.decode(traceData)) {
            String id = record.msgId();
            if (id != null && (id.equals(messageId)
                    || (id.indexOf(',') >= 0 && Arrays.asList(id.split(",")).contains(messageId)))) {
                found.add(record);
            }
        }
        return found;
    }

    /** The timeline step a record shows. */
    static TimelineEvent event(TraceRecord record) {
        return switch (record) {
            case TraceRecord.Publish r -> new TimelineEvent(r.timestamp(), Stage.CLIENT_TRACE, "Client trace: sent by "
                    + r.group(), "to " + r.storeHost() + " in " + r.costMs() + " ms, " + r.messageType() + ", "
                    + (r.success() ? "success" : "failed") + (r.clientHost() == null ? "" : ", client "
                    + r.clientHost()), "client trace", r.success() ? Status.OK : Status.FAILED);
            case TraceRecord.ConsumeBefore r -> new TimelineEvent(r.timestamp(), Stage.CLIENT_TRACE,
                    "Client trace: handed to the listener of " + r.group(), "delivery " + (r.retryTimes() + 1)
                    + ", request " + r.requestId(), "client trace", Status.INFO);
            case TraceRecord.ConsumeAfter r -> new TimelineEvent(r.timestamp(), Stage.CLIENT_TRACE,
                    "Client trace: " + (r.success() ? "consumed" : "failed") + " by "
                            + (r.group() == null ? "a consumer" : r.group()),
                    "in " + r.costMs() + " ms, request " + r.requestId(), "client trace",
                    r.success() ? Status.OK : Status.FAILED);
            case TraceRecord.EndTransaction r -> new TimelineEvent(r.timestamp(), Stage.CLIENT_TRACE,
                    "Client trace: producer " + r.group() + " reported " + r.state()
                            + (r.fromCheck() ? " answering a check-back" : " after its local transaction"),
                    "to " + r.storeHost() + ", transaction " + r.transactionId(), "client trace",
                    r.state() == io.tandem.protocol.trace.TransactionState.UNKNOW ? Status.WAITING : Status.OK);
            case TraceRecord.Recall r -> new TimelineEvent(r.timestamp(), Stage.CLIENT_TRACE,
                    "Client trace: recalled by " + r.group(), r.success() ? "success" : "failed", "client trace",
                    Status.INFO);
            case TraceRecord.Stored r -> new TimelineEvent(r.timestamp(), Stage.STORED, "Stored (broker trace)",
                    "in " + r.topic() + " queue " + r.queueId() + " at offset " + r.queueOffset() + " on " + r.broker()
                            + " (" + r.storeHost() + "), " + r.bodyLength() + " bytes, born at " + r.bornHost(),
                    "broker trace", Status.OK);
            case TraceRecord.Retry r -> new TimelineEvent(r.timestamp(), Stage.RETRY, "Redelivery " + r.attempt()
                    + " for " + r.group() + " ready", "after delay level " + r.delayLevel() + " on " + r.broker(),
                    "broker trace", Status.WAITING);
            case TraceRecord.DeadLetter r -> new TimelineEvent(r.timestamp(), Stage.DEAD_LETTER, "Dead letter of "
                    + r.group(), "after " + r.attempt() + " deliveries, " + r.reason() + ", on " + r.broker(),
                    "broker trace", Status.FAILED);
            case TraceRecord.HalfStored r -> new TimelineEvent(r.timestamp(), Stage.HALF_STORED,
                    "Half message stored (broker trace)", "producer group " + r.producerGroup() + " on " + r.broker()
                            + " at half offset " + r.halfOffset(), "broker trace", Status.OK);
            case TraceRecord.CheckBack r -> new TimelineEvent(r.timestamp(), Stage.CHECK_BACK, "Check-back #"
                    + r.checkNumber() + " by the broker: " + r.answer(), "asked client " + r.clientId() + " at "
                    + r.clientAddr() + (r.latencyMs() < 0 ? ", no answer" : ", answered in " + r.latencyMs() + " ms"),
                    "broker trace", switch (r.answer()) {
                        case COMMIT, ROLLBACK -> Status.OK;
                        case UNKNOWN -> Status.WAITING;
                        default -> Status.FAILED;
                    });
            case TraceRecord.Decided r -> new TimelineEvent(r.timestamp(), Stage.DECISION,
                    ("COMMIT".equals(r.decision()) ? "Committed" : "Rolled back") + " by " + r.source()
                            + " (broker trace)", "half offset " + r.halfOffset() + " on " + r.broker(),
                    "broker trace", "COMMIT".equals(r.decision()) ? Status.OK : Status.FAILED);
        };
    }
}
