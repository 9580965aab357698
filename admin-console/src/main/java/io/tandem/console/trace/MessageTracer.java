package io.tandem.console.trace;

import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.admin.GroupOffsets;
import io.tandem.console.coordinator.CoordinatorClient;
import io.tandem.console.coordinator.CoordinatorException;
import io.tandem.console.coordinator.HalfDetail;
import io.tandem.console.coordinator.HalfFilter;
import io.tandem.console.coordinator.HalfSummary;
import io.tandem.console.message.DeadLetters;
import io.tandem.console.message.MessageSearch;
import io.tandem.console.stats.ClusterSnapshot;
import io.tandem.console.trace.TimelineEvent.Stage;
import io.tandem.console.trace.TimelineEvent.Status;
import io.tandem.console.cluster.ClusterAccess;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.trace.TraceRecord;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts together the timeline of a message from what the broker and the coordinator expose today:
 * <ul>
 *   <li>the stored copy (born time and host, store time, queue, offset; producer group for transactional messages);</li>
 *   <li>the coordinator's record of its half: stored, each check-back (channel, answer, latency), operator and policy
 *   actions, the decision and who made it;</li>
 *   <li>each consumer group that reads its queue: consumed (its committed offset passed the message) or not yet;
 *   retry copies in {@code %RETRY%<group>} and dead letters in {@code %DLQ%<group>} (same UNIQ_KEY);</li>
 *   <li>resends from the console (same UNIQ_KEY, property {@value DeadLetters#RESENT_FROM});</li>
 *   <li>the records of {@code RMQ_SYS_TRACE_TOPIC} about the message: the clients' when producers or consumers run
 *   with message trace on, and the broker's own when it records them (stored, each redelivery, dead-lettering, half,
 *   check-backs, decision).</li>
 * </ul>
 * Every source is joined by the message's id: trace records by their message id (not by text that contains it), the
 * coordinator's record by its transaction id (the UNIQ_KEY of a transactional message). When both the broker's trace and
 * the coordinator name the half, the timeline says whether they name the same one (broker and half offset). What no
 * source could tell is named in the notes.
 */
public final class MessageTracer {

    private static final int MAX_MESSAGES = 20;

    private final ClusterAccess cluster;
    private final MessageSearch search;
    private final CoordinatorClient coordinator;
    private final Clock clock;
    private final Duration searchWindow;

    public MessageTracer(ClusterAccess cluster, MessageSearch search, CoordinatorClient coordinator, Clock clock,
                         Duration searchWindow) {
        this.cluster = cluster;
        this.search = search;
        this.coordinator = coordinator;
        this.clock = clock;
        this.searchWindow = searchWindow;
    }

    /** The timeline of the message of {@code topic} with id {@code id} (UNIQ_KEY or broker offset id). */
    public List<Timeline> byId(String topic, String id) {
        List<ReceivedMessage> copies = search.byId(topic, id, begin(), end());
        if (copies.isEmpty()) {
            return halfOnly(topic, id.strip()).map(List::of).orElse(List.of());
        }
        return timelines(copies);
    }

    /** The timelines of the messages of {@code topic} with business key {@code key}, newest first. */
    public List<Timeline> byKey(String topic, String key) {
        return timelines(search.byKey(topic, key, begin(), end(), MAX_MESSAGES));
    }

    private List<Timeline> timelines(List<ReceivedMessage> found) {
        Map<String, List<ReceivedMessage>> byId = new LinkedHashMap<>();
        for (ReceivedMessage message : found) {
            byId.computeIfAbsent(message.messageId(), unused -> new ArrayList<>()).add(message);
        }
        List<Timeline> timelines = new ArrayList<>();
        Map<String, GroupOffsets> groups = null;
        for (List<ReceivedMessage> copies : byId.values()) {
            if (groups == null) {
                groups = cluster.admin().allGroupOffsets();
            }
            timelines.add(timeline(copies, groups));
            if (timelines.size() == MAX_MESSAGES) {
                break;
            }
        }
        return timelines;
    }

    private Timeline timeline(List<ReceivedMessage> copies, Map<String, GroupOffsets> groups) {
        copies = new ArrayList<>(copies);
        copies.sort(Comparator.comparingLong(ReceivedMessage::storeTimestamp));
        ReceivedMessage first = copies.get(0);
        String messageId = first.messageId();
        String topic = first.queue().topic();
        List<TimelineEvent> events = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        String producerGroup = first.property(PropertyKeys.PGROUP);
        events.add(new TimelineEvent(first.bornTimestamp(), Stage.PRODUCED, "Produced",
                "by client " + address(first.bornHost()) + (producerGroup == null ? ""
                        : " of producer group " + producerGroup), "broker", Status.OK));
        for (ReceivedMessage copy : copies) {
            String resentFrom = copy.property(DeadLetters.RESENT_FROM);
            events.add(new TimelineEvent(copy.storeTimestamp(), resentFrom == null ? Stage.STORED : Stage.RESENT,
                    resentFrom == null ? "Stored" : "Resent from the dead-letter queue",
                    "in " + copy.queue().topic() + " queue " + copy.queue().queueId() + " at offset "
                            + copy.queueOffset() + " on " + copy.queue().brokerName() + " ("
                            + address(copy.storeHost()) + "), commit log position " + copy.commitLogOffset()
                            + (resentFrom == null ? "" : "; copy of dead letter " + resentFrom),
                    "broker", Status.OK));
        }
        List<TraceRecord> traced = traceRecords(messageId, notes);
        if ("true".equals(first.property(PropertyKeys.TRAN_MSG)) || first.preparedTransactionOffset() > 0) {
            transaction(messageId, traced, events, notes);
        }
        deliveries(copies, groups, events, notes);
        traced.forEach(record -> events.add(TraceTopicRecords.event(record)));
        if (traced.stream().noneMatch(record -> record.type().name().startsWith("BROKER_"))) {
            notes.add("No broker trace records (the broker records them with trace broker records on): delivery times "
                    + "and each delivery attempt are not shown; a group's committed offset shows that it consumed the "
                    + "message.");
        }
        return new Timeline(messageId, topic, first, events, notes);
    }

    private Optional<Timeline> halfOnly(String topic, String transactionId) {
        if (!coordinator.available()) {
            return Optional.empty();
        }
        List<HalfSummary> halves = coordinator.halves(HalfFilter.ofTransaction(transactionId));
        if (halves.isEmpty()) {
            return Optional.empty();
        }
        List<TimelineEvent> events = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<TraceRecord> traced = traceRecords(transactionId, notes);
        transaction(transactionId, traced, events, notes);
        traced.forEach(record -> events.add(TraceTopicRecords.event(record)));
        notes.add("No copy is stored in " + halves.get(0).topic() + ": the transaction is undecided or was rolled "
                + "back.");
        return Optional.of(new Timeline(transactionId, topic == null || topic.isBlank() ? halves.get(0).topic() : topic,
                null, events, notes));
    }

    private void transaction(String transactionId, List<TraceRecord> traced, List<TimelineEvent> events,
                             List<String> notes) {
        if (!coordinator.available()) {
            notes.add("Transactional message; no coordinator is configured, so its checks and decision are not shown.");
            return;
        }
        try {
            List<HalfSummary> halves = coordinator.halves(HalfFilter.ofTransaction(transactionId));
            if (halves.isEmpty()) {
                notes.add("Transactional message the coordinator has no record of (decided by its producer before the "
                        + "coordinator listed it).");
                return;
            }
            List<TraceRecord.HalfStored> brokerHalves = traced.stream().filter(TraceRecord.HalfStored.class::isInstance)
                    .map(TraceRecord.HalfStored.class::cast).toList();
            for (HalfSummary summary : halves) {
                coordinator.half(summary.id()).ifPresent(detail -> addHalf(detail, events));
                if (!brokerHalves.isEmpty() && brokerHalves.stream().noneMatch(half -> sameHalf(half, summary))) {
                    notes.add("The coordinator's record names half offset " + summary.halfOffset() + " on "
                            + summary.broker() + ", the broker's trace of " + transactionId + " names "
                            + brokerHalves.stream().map(half -> half.halfOffset() + " on " + half.broker() + " ("
                            + half.offsetMsgId() + ")").toList()
                            + ": the transaction id was used for more than one half.");
                }
            }
        } catch (CoordinatorException e) {
            notes.add("The coordinator could not be asked: " + e.getMessage());
        }
    }

    /**
     * Whether the broker's trace record and the coordinator's record are about the same stored half: the same half
     * offset on the same broker (the coordinator names brokers by address, the trace record by name and by the
     * address in its offset message id).
     */
    static boolean sameHalf(TraceRecord.HalfStored traced, HalfSummary recorded) {
        if (traced.halfOffset() != recorded.halfOffset()) {
            return false;
        }
        if (traced.offsetMsgId() == null) {
            return true;
        }
        try {
            InetSocketAddress host = OffsetMessageId.decode(traced.offsetMsgId()).storeHost();
            return (host.getAddress().getHostAddress() + ":" + host.getPort()).equals(recorded.broker());
        } catch (ProtocolException | IllegalArgumentException e) {
            return true;
        }
    }

    private void addHalf(HalfDetail detail, List<TimelineEvent> events) {
        HalfSummary half = detail.half();
        events.add(new TimelineEvent(detail.storedAtMs(clock.millis()), Stage.HALF_STORED, "Half message stored",
                "transaction " + half.id() + " of producer group " + half.producerGroup() + " on " + half.broker()
                        + " at half offset " + half.halfOffset() + "; invisible to consumers until committed",
                "coordinator", Status.OK));
        for (HalfDetail.Attempt attempt : detail.attempts()) {
            Status status = switch (attempt.answer()) {
                case "COMMIT", "ROLLBACK" -> Status.OK;
                case "UNKNOWN", "AWAITING" -> Status.WAITING;
                default -> Status.FAILED;
            };
            events.add(new TimelineEvent(attempt.attemptedAtMs(), Stage.CHECK_BACK, "Check-back #"
                    + attempt.checkNumber() + " via " + attempt.channel() + ": " + attempt.answer(),
                    "asked " + attempt.target() + (attempt.latencyMs() == null ? "" : ", answered in "
                            + attempt.latencyMs() + " ms") + ", by coordinator " + attempt.instanceId()
                            + (attempt.error() == null ? "" : "; " + attempt.error()), "coordinator", status));
        }
        for (HalfDetail.Action action : detail.actions()) {
            String what = "RESOLVE".equals(action.kind()) ? "Asked to " + action.decision().toLowerCase()
                    : action.kind().charAt(0) + action.kind().substring(1).toLowerCase();
            events.add(new TimelineEvent(action.requestedAtMs(), Stage.ACTION, what + " by " + action.actor(),
                    (action.reason() == null ? "" : "reason: " + action.reason() + "; ") + "outcome "
                            + action.outcome() + (action.detail() == null ? "" : " (" + action.detail() + ")"),
                    "coordinator", "FAILED".equals(action.outcome()) ? Status.FAILED : Status.OK));
        }
        HalfDetail.Decision decision = detail.decision();
        if (decision != null) {
            boolean commit = "COMMIT".equals(decision.decision());
            events.add(new TimelineEvent(decision.decidedAtMs(), Stage.DECISION,
                    (commit ? "Committed" : "Rolled back") + " by " + decision.source()
                            + (decision.actor() == null ? "" : " (" + decision.actor() + ")"),
                    decision.reason() == null ? null : "reason: " + decision.reason(), "coordinator",
                    commit ? Status.OK : Status.FAILED));
        } else {
            events.add(new TimelineEvent(null, Stage.DECISION, "Undecided: " + half.state().toLowerCase(),
                    half.checks() + " checks so far" + (half.lastAnswer() == null ? ""
                            : ", last answer " + half.lastAnswer()), "coordinator", Status.WAITING));
        }
    }

    private void deliveries(List<ReceivedMessage> copies, Map<String, GroupOffsets> groups,
                            List<TimelineEvent> events, List<String> notes) {
        boolean anyGroup = false;
        for (GroupOffsets group : groups.values()) {
            Optional<ConsumedCopy> consumed = Optional.empty();
            GroupOffsets.QueueLag reading = null;
            for (ReceivedMessage copy : copies) {
                for (GroupOffsets.QueueLag queue : group.queues()) {
                    if (queue.queue().equals(copy.queue())) {
                        reading = queue;
                        if (queue.consumerOffset() > copy.queueOffset()) {
                            consumed = Optional.of(new ConsumedCopy(copy, queue));
                        }
                    }
                }
            }
            if (reading == null) {
                continue;
            }
            anyGroup = true;
            String name = group.group();
            if (consumed.isPresent()) {
                events.add(new TimelineEvent(null, Stage.DELIVERY, "Delivered to " + name,
                        "its committed offset " + consumed.get().queue().consumerOffset() + " on "
                                + consumed.get().copy().queue().topic() + " queue "
                                + consumed.get().copy().queue().queueId() + " is past the message's offset "
                                + consumed.get().copy().queueOffset(), "consumer offsets", Status.OK));
            } else {
                events.add(new TimelineEvent(null, Stage.DELIVERY, "Not yet consumed by " + name,
                        "its committed offset " + reading.consumerOffset() + " on queue "
                                + reading.queue().queueId() + " has not passed the message's offset",
                        "consumer offsets", Status.WAITING));
            }
            String messageId = copies.get(0).messageId();
            for (ReceivedMessage retry : copiesIn(ClusterSnapshot.RETRY_PREFIX + name, messageId)) {
                events.add(new TimelineEvent(retry.storeTimestamp(), Stage.RETRY, "Retry " + retry.reconsumeTimes()
                        + " for " + name, "the consumer failed it; stored in " + retry.queue().topic()
                        + " for redelivery after a back-off", "broker", Status.WAITING));
            }
            for (ReceivedMessage dead : copiesIn(ClusterSnapshot.DLQ_PREFIX + name, messageId)) {
                events.add(new TimelineEvent(dead.storeTimestamp(), Stage.DEAD_LETTER, "Dead letter of " + name,
                        "after " + dead.reconsumeTimes() + " failed deliveries; stored in " + dead.queue().topic()
                                + " as " + dead.offsetMessageId(), "broker", Status.FAILED));
            }
        }
        if (!anyGroup) {
            notes.add("No consumer group has committed an offset on this message's queue yet.");
        }
    }

    /** The records of the trace topic about {@code messageId}, found by the id as a key and matched by the id. */
    private List<TraceRecord> traceRecords(String messageId, List<String> notes) {
        List<TraceRecord> records = new ArrayList<>();
        List<ReceivedMessage> traceMessages;
        try {
            traceMessages = search.byKey(TraceTopicRecords.TRACE_TOPIC, messageId, begin(), end(), MAX_MESSAGES);
        } catch (MqClientException | IllegalArgumentException e) {
            notes.add("No trace records (no producer or consumer of it runs with message trace on, and the broker "
                    + "records none).");
            return records;
        }
        for (ReceivedMessage trace : traceMessages) {
            try {
                records.addAll(TraceTopicRecords.about(trace.bodyAsString(), messageId));
            } catch (ProtocolException e) {
                notes.add("A trace message (" + trace.offsetMessageId() + ") could not be read: " + e.getMessage());
            }
        }
        return records;
    }

    private List<ReceivedMessage> copiesIn(String topic, String messageId) {
        try {
            return search.byId(topic, messageId, begin(), end());
        } catch (MqClientException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private Instant begin() {
        return clock.instant().minus(searchWindow);
    }

    private Instant end() {
        return clock.instant().plus(Duration.ofDays(1));
    }

    private static String address(java.net.InetSocketAddress address) {
        return address == null ? "?" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private record ConsumedCopy(ReceivedMessage copy, GroupOffsets.QueueLag queue) {
    }
}
