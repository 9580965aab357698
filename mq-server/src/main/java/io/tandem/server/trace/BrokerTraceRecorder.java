package io.tandem.server.trace;

import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.trace.DeadLetterReason;
import io.tandem.protocol.trace.TraceCodec;
import io.tandem.protocol.trace.TraceDescriptor;
import io.tandem.protocol.trace.TraceRecord;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.message.StoredFields;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.message.MessageWriter;
import io.tandem.server.txn.TransactionService;
import io.tandem.store.MessageArrivalListener;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;
import io.tandem.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the broker's own trace records: for every message that becomes readable in a topic, one record of what the
 * broker did with it ({@link TraceRecord.Stored} in a user topic, {@link TraceRecord.Retry} in a {@code %RETRY%}
 * topic, {@link TraceRecord.DeadLetter} in a {@code %DLQ%} topic, {@link TraceRecord.HalfStored} for a half message,
 * {@link TraceRecord.Decided} for a transaction decision), batched into messages of the trace topic whose keys are the
 * messages' ids and keys, so the trace query of a message id finds them next to the clients' records.
 *
 * <p>Design note: the recorder learns of messages from the store's dispatch (an arrival listener), not from the send,
 * send-back and transaction paths, so those stay as they are and a record describes what was actually stored. The
 * listener only queues the position (the dispatch thread must not block); a thread of its own reads the messages and
 * appends the records. When the queue is full (the trace cannot keep up) records are dropped and counted, never
 * waited for. A dead-letter reason is what the stored copy tells: whether the delivery count reached the group's
 * configured maximum.
 *
 * <p>Thread-safe. {@link #close()} stops the thread after writing what is queued.
 */
public final class BrokerTraceRecorder implements MessageArrivalListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerTraceRecorder.class);
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int MAX_RECORDS_PER_MESSAGE = 128;
    /** Keys of one stored message are at most 64 KiB; leave room for the keys of the last record added. */
    private static final int MAX_KEY_BYTES_PER_MESSAGE = 32 << 10;

    /** What waits for the recorder's thread: a message to describe, or a record made elsewhere. */
    private sealed interface Pending {
    }

    private record Arrival(String topic, int queueId, long queueOffset) implements Pending {
    }

    private record Ready(TraceRecord record) implements Pending {
    }

    private final MessageStore store;
    private final MessageWriter writer;
    private final BrokerIdentity identity;
    private final Groups groups;
    private final String traceTopic;
    private final Clock clock;
    private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean enabled;
    private volatile boolean running = true;

    public BrokerTraceRecorder(MessageStore store, MessageWriter writer, BrokerIdentity identity, Groups groups,
                               TraceSettings settings, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.identity = identity;
        this.groups = groups;
        this.traceTopic = settings.topic();
        this.enabled = settings.brokerRecords();
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("tandem-broker-trace").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Whether the broker writes its own trace records now. */
    public boolean enabled() {
        return enabled;
    }

    /** Switches the broker's own trace records on or off while the broker runs. */
    public void enabled(boolean on) {
        enabled = on;
    }

    /** Records dropped since the start because the trace could not keep up (or the trace topic could not be written). */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Queues a record made outside the store's dispatch (a check-back seen on the wire) to be written with the others;
     * dropped (and counted) when the recorder is off or cannot keep up.
     */
    public void record(TraceRecord record) {
        if (enabled && !pending.offer(new Ready(record))) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void onArrival(String topic, int queueId, long queueOffset, long tagHash) {
        if (!enabled || !traced(topic)) {
            return;
        }
        if (!pending.offer(new Arrival(topic, queueId, queueOffset))) {
            dropped.incrementAndGet();
        }
    }

    private boolean traced(String topic) {
        if (topic.equals(traceTopic) || TopicNames.AUTO_CREATE_TEMPLATE.equals(topic)) {
            return false;
        }
        return !TopicNames.RESERVED.contains(topic)
                || topic.equals(TopicNames.HALF_TOPIC) || topic.equals(TopicNames.HALF_OP_TOPIC);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_RECORDS_PER_MESSAGE);
        while (running || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_RECORDS_PER_MESSAGE - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                dropped.addAndGet(batch.size());
                LOG.warn("broker trace: {} records lost: {}", batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<TraceRecord> records = new ArrayList<>(batch.size());
        Set<String> keys = new LinkedHashSet<>();
        int keyBytes = 0;
        for (Pending item : batch) {
            Optional<TraceRecord> record = item instanceof Ready ready ? Optional.of(ready.record())
                    : read((Arrival) item).flatMap(this::record);
            if (record.isEmpty()) {
                continue;
            }
            records.add(record.get());
            for (String key : record.get().indexKeys()) {
                if (keys.add(key)) {
                    keyBytes += 2 + key.getBytes(StandardCharsets.UTF_8).length;
                }
            }
            if (keyBytes >= MAX_KEY_BYTES_PER_MESSAGE) {
                append(records, keys);
                records.clear();
                keys.clear();
                keyBytes = 0;
            }
        }
        if (!records.isEmpty()) {
            append(records, keys);
        }
    }

    private Optional<StoredMessage> read(Arrival arrival) {
        ReadResult result = store.read(arrival.topic(), arrival.queueId(), arrival.queueOffset(), 1, 1);
        return result.status() == ReadStatus.FOUND ? Optional.of(result.messages().getFirst()) : Optional.empty();
    }

    private void append(List<TraceRecord> records, Set<String> keys) {
        byte[] body = TraceCodec.encode(records).getBytes(StandardCharsets.UTF_8);
        MessageDraft draft = new MessageDraft(traceTopic, 0, 0, 0, clock.millis(),
                StoredFields.host(identity.address()), 0,
                keys.isEmpty() ? Map.of() : Map.of(PropertyKeys.KEYS, String.join(TraceDescriptor.KEY_SEPARATOR, keys)),
                body);
        writer.write(draft).join();
    }

    private Optional<TraceRecord> record(StoredMessage message) {
        String topic = message.topic();
        if (topic.equals(TopicNames.HALF_OP_TOPIC)) {
            return TransactionService.decisionOf(message).map(this::decided);
        }
        Map<String, String> properties = StoredFields.propertyMap(message.properties());
        String msgId = properties.get(PropertyKeys.UNIQ_KEY);
        String keys = properties.get(PropertyKeys.KEYS);
        String offsetMsgId = identity.offsetMessageId(message.position());
        long time = message.storeTimestamp();
        String broker = identity.brokerName();
        if (topic.equals(TopicNames.HALF_TOPIC)) {
            return Optional.of(new TraceRecord.HalfStored(time, broker, properties.get(PropertyKeys.PGROUP),
                    properties.get(PropertyKeys.REAL_TOPIC), msgId, keys, message.queueOffset(), offsetMsgId));
        }
        String group = TopicNames.groupOf(topic);
        String originTopic = properties.get(PropertyKeys.RETRY_TOPIC);
        if (TopicNames.isRetryTopic(topic)) {
            return Optional.of(new TraceRecord.Retry(time, broker, group, msgId, keys, originTopic,
                    message.reconsumeTimes(), level(properties.get(PropertyKeys.DELAY)), offsetMsgId));
        }
        if (TopicNames.isDlqTopic(topic)) {
            GroupConfig config = groups.get(group);
            int attempts = message.reconsumeTimes();
            DeadLetterReason reason = config != null && attempts > config.retryMaxTimes()
                    ? DeadLetterReason.REACHED_GROUP_MAXIMUM : DeadLetterReason.BEFORE_GROUP_MAXIMUM;
            return Optional.of(new TraceRecord.DeadLetter(time, broker, group, msgId, keys, originTopic, attempts,
                    reason, offsetMsgId));
        }
        return Optional.of(new TraceRecord.Stored(time, broker, topic, msgId, properties.get(PropertyKeys.TAGS), keys,
                message.queueId(), message.queueOffset(), offsetMsgId, identity.addressText(), message.bodyLength(),
                message.bornTimestamp(), host(message.bornHost())));
    }

    private TraceRecord decided(HalfDecisionList.Entry decision) {
        return new TraceRecord.Decided(decision.decidedAtMs(), identity.brokerName(), decision.producerGroup(),
                decision.transactionId(), decision.decision().wireName(), decision.source().wireName(),
                decision.halfOffset());
    }

    private static int level(String delay) {
        try {
            return delay == null ? 0 : Integer.parseInt(delay.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String host(byte[] bornHost) {
        InetSocketAddress address = StoredFields.host(bornHost);
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
