package io.tandem.server.txn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.protocol.txn.TransactionOp;
import io.tandem.protocol.txn.TransactionOpCodec;
import io.tandem.protocol.txn.TransactionOpDescriptor;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.delay.DelayRules;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.message.StoredFields;
import io.tandem.server.message.WireRecordWriter;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.message.MessageWriter;
import io.tandem.store.AppendResult;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;
import io.tandem.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker side of transactional messages: stores halves (invisible to consumers), decides them exactly once, and
 * carries check-backs to the producers.
 *
 * <p>A half is stored in queue 0 of {@link TopicNames#HALF_TOPIC} with its real topic and queue in REAL_TOPIC and
 * REAL_QID. A decision is an op record in queue 0 of {@link TopicNames#HALF_OP_TOPIC} whose body is laid out as
 * {@link TransactionOpDescriptor} says (decision, half offset, source, UNIQ_KEY, producer group), appended before the
 * committed copy; the committed copy carries the
 * half's UNIQ_KEY (indexed) and the half's position as its prepared position. So after a crash, a commit op whose
 * copy is missing is completed at start, and a decided half is never checked or delivered again.
 *
 * <p>Decisions are idempotent per half: the first commit or rollback wins (from the producer, a check answer, the
 * policy or an operator) and every later one is answered "already decided" without effect. Thread-safe.
 */
public final class TransactionService {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    private static final int READ_BATCH = 256;

    /** What happened to an END_TRANSACTION-like request. */
    public enum Outcome {
        /** This request decided the half. */
        DECIDED,
        /** The half was already decided (or is being decided); nothing changed. */
        ALREADY_DECIDED,
        /** The request does not match the half (producer group or position). */
        MISMATCH,
        /** No half record at that position. */
        NOT_FOUND
    }

    private final MessageStore store;
    private final MessageWriter writer;
    private final TransactionTable table;
    private final DelayRules delayRules;
    private final ClientRegistry clients;
    private final WireRecordWriter wireWriter;
    private final BrokerIdentity identity;
    private final Clock clock;
    private final Duration defaultTimeout;
    private final AtomicInteger nextOpaque = new AtomicInteger(1 << 30);

    public TransactionService(MessageStore store, MessageWriter writer, TransactionTable table, DelayRules delayRules,
                              ClientRegistry clients, WireRecordWriter wireWriter, BrokerIdentity identity,
                              Clock clock, Duration defaultTimeout) {
        this.store = store;
        this.writer = writer;
        this.table = table;
        this.delayRules = delayRules;
        this.clients = clients;
        this.wireWriter = wireWriter;
        this.identity = identity;
        this.clock = clock;
        this.defaultTimeout = defaultTimeout;
    }

    public TransactionTable table() {
        return table;
    }

    /**
     * Stores {@code draft} (already aimed at its real topic and queue) as a half. The future completes once it is
     * stored as the store's durability says and registered as pending.
     */
    public CompletableFuture<AppendResult> storeHalf(MessageDraft draft, String producerGroup, String bornHost) {
        String realTopic = draft.topic();
        int realQueueId = draft.queueId();
        draft.property(PropertyKeys.TRAN_MSG, "true")
                .property(PropertyKeys.PGROUP, producerGroup)
                .property(PropertyKeys.TRANSACTION_ID, draft.uniqueKey())
                .property(PropertyKeys.REAL_TOPIC, realTopic)
                .property(PropertyKeys.REAL_QID, Integer.toString(realQueueId))
                .sysFlag(draft.sysFlag() & ~MessageSysFlag.TRANSACTION_TYPE_MASK)
                .topic(TopicNames.HALF_TOPIC)
                .queueId(0);
        long timeoutMs = timeoutOf(draft).toMillis();
        return writer.write(draft).thenApply(appended -> {
            if (!appended.appended()) {
                return appended;
            }
            long storedAt = appended.storeTimestamp();
            table.addPending(new HalfMessage(appended.queueOffset(), appended.position(), producerGroup,
                    draft.uniqueKey(), realTopic, realQueueId, storedAt, storedAt + timeoutMs, bornHost,
                    draft.property(PropertyKeys.KEYS)));
            return appended;
        });
    }

    /**
     * Decides the half at {@code halfOffset}/{@code position} for {@code producerGroup} (null: any group, for
     * operators and policies). Completes when the decision (and, for a commit, the delivered copy) is stored.
     */
    public CompletableFuture<Outcome> decide(long halfOffset, long position, String producerGroup, Decision decision,
                                             DecisionSource source) {
        TransactionTable.Claim claim = table.claim(halfOffset);
        if (!(claim instanceof TransactionTable.Claim.Claimed claimed)) {
            return CompletableFuture.completedFuture(Outcome.ALREADY_DECIDED);
        }
        HalfMessage half = claimed.half();
        if (half.position() != position || (producerGroup != null && !producerGroup.equals(half.producerGroup()))) {
            table.release(halfOffset);
            return CompletableFuture.completedFuture(Outcome.MISMATCH);
        }
        Optional<StoredMessage> stored;
        try {
            stored = store.readByPosition(position);
        } catch (RuntimeException e) {
            table.release(halfOffset);
            return CompletableFuture.failedFuture(e);
        }
        if (stored.isEmpty()) {
            table.release(halfOffset);
            return CompletableFuture.completedFuture(Outcome.NOT_FOUND);
        }
        CompletableFuture<AppendResult> op = writer.writeCompletion(opRecord(half, decision, source));
        CompletableFuture<?> copy = decision == Decision.COMMIT
                ? writer.writeCompletion(committedCopy(stored.get(), half))
                : CompletableFuture.completedFuture(null);
        return op.thenCombine(copy, (opAppended, ignored) -> {
            table.decided(halfOffset, opAppended.queueOffset());
            LOG.debug("half {} ({}) {} by {}", halfOffset, half.uniqueKey(), decision, source);
            return Outcome.DECIDED;
        }).whenComplete((outcome, failure) -> {
            if (failure != null) {
                table.release(halfOffset);
            }
        });
    }

    /**
     * Sends CHECK_TRANSACTION_STATE about a pending half to a live connection of its producer group, preferring the
     * connection that sent it. The answer comes back as an END_TRANSACTION from a check.
     *
     * The attempt is noted in the table (check count, outcome, {@code nextCheckAtMs}) before the request is written.
     *
     * @return false when no producer of the group is connected (nothing was sent)
     */
    public boolean sendCheck(HalfMessage half, int checkNumber, long nextCheckAtMs) {
        List<ClientRegistry.Member> producers = clients.producers(half.producerGroup());
        if (producers.isEmpty()) {
            LOG.debug("check {} of half {}: no producer of group {} is connected", checkNumber, half.uniqueKey(),
                    half.producerGroup());
            table.checked(half.halfOffset(), CheckOutcome.NO_PRODUCER_ONLINE, nextCheckAtMs);
            return false;
        }
        ClientRegistry.Member target = producers.stream()
                .filter(member -> member.connection().remoteAddress().equals(half.bornHost()))
                .findFirst().orElse(producers.getFirst());
        Optional<StoredMessage> stored = store.readByPosition(half.position());
        if (stored.isEmpty()) {
            table.checked(half.halfOffset(), CheckOutcome.HALF_NOT_READABLE, nextCheckAtMs);
            return false;
        }
        MessageDraft view = MessageDraft.of(stored.get());
        view.property(PropertyKeys.TRANSACTION_CHECK_TIMES, Integer.toString(checkNumber));
        ByteBuf body = Unpooled.buffer();
        wireWriter.write(stored.get(), half.realTopic(), half.realQueueId(), half.halfOffset(),
                StoredFields.properties(StoredFields.userFlag(stored.get().properties()), view.properties()), body);
        CheckTransactionStateRequestHeader header = new CheckTransactionStateRequestHeader(half.halfOffset(),
                half.position(), half.uniqueKey(), half.uniqueKey(), identity.offsetMessageId(half.position()),
                TopicNames.HALF_TOPIC, identity.brokerName());
        LOG.debug("check {} of half {} sent to {} ({})", checkNumber, half.uniqueKey(), target.clientId(),
                target.connection());
        // Noted before it leaves: a fast producer's answer (UNKNOWN) must not be overwritten by this note.
        table.checked(half.halfOffset(), CheckOutcome.CHECK_SENT, nextCheckAtMs);
        target.connection().write(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .extFields(header.toExtFields())
                .body(ByteBufUtil.getBytes(body))
                .opaque(nextOpaque.getAndIncrement())
                .oneway()
                .build());
        return true;
    }

    /**
     * Rebuilds the table from the half and op topics (see {@link TransactionTable}) and completes commits whose
     * delivered copy a crash cut off. Call once at start, before serving.
     */
    public void recover() {
        long offset = table.halfLowOffset();
        int halves = 0;
        while (true) {
            ReadResult result = store.read(TopicNames.HALF_TOPIC, 0, offset, READ_BATCH, 16 << 20);
            if (result.status() == ReadStatus.OFFSET_MOVED) {
                offset = result.nextOffset();
                continue;
            }
            if (result.status() != ReadStatus.FOUND) {
                break;
            }
            for (StoredMessage message : result.messages()) {
                if (!table.isDecided(message.queueOffset())) {
                    table.addPending(halfOf(message));
                    halves++;
                }
            }
            offset = result.nextOffset();
        }
        long opOffset = table.opLowOffset();
        int completed = 0;
        while (true) {
            ReadResult result = store.read(TopicNames.HALF_OP_TOPIC, 0, opOffset, READ_BATCH, 16 << 20);
            if (result.status() == ReadStatus.OFFSET_MOVED) {
                opOffset = result.nextOffset();
                continue;
            }
            if (result.status() != ReadStatus.FOUND) {
                break;
            }
            for (StoredMessage op : result.messages()) {
                OpRecord record = readOp(op);
                if (record == null) {
                    continue;
                }
                Decision decision = record.decision();
                long halfOffset = record.halfOffset();
                TransactionTable.Snapshot pending = table.undecided(halfOffset);
                if (decision == Decision.COMMIT && pending != null && !copyExists(pending.half())) {
                    store.readByPosition(pending.half().position()).ifPresent(half ->
                            writer.writeCompletion(committedCopy(half, pending.half())).join());
                    completed++;
                }
                table.decided(halfOffset, op.queueOffset());
            }
            opOffset = result.nextOffset();
        }
        table.persist();
        LOG.info("transactions recovered: {} undecided half messages, {} interrupted commits completed",
                table.undecidedCount(), completed);
        if (halves > 0 && LOG.isDebugEnabled()) {
            LOG.debug("{} half records re-read", halves);
        }
    }

    /** Whether the committed copy was stored: in the real topic, or parked in the schedule topic if delayed. */
    private boolean copyExists(HalfMessage half) {
        for (String topic : List.of(half.realTopic(), TopicNames.SCHEDULE_TOPIC)) {
            if (store.lookupByKey(topic, half.uniqueKey(), Integer.MAX_VALUE).stream()
                    .anyMatch(message -> message.preparedPosition() == half.position())) {
                return true;
            }
        }
        return false;
    }

    private HalfMessage halfOf(StoredMessage message) {
        MessageDraft draft = MessageDraft.of(message);
        long timeoutMs = timeoutOf(draft).toMillis();
        int realQueue;
        try {
            realQueue = Integer.parseInt(draft.property(PropertyKeys.REAL_QID));
        } catch (NumberFormatException e) {
            realQueue = 0;
        }
        return new HalfMessage(message.queueOffset(), message.position(), draft.property(PropertyKeys.PGROUP),
                draft.uniqueKey(), draft.property(PropertyKeys.REAL_TOPIC), realQueue, message.storeTimestamp(),
                message.storeTimestamp() + timeoutMs, hostText(message.bornHost()), draft.property(PropertyKeys.KEYS));
    }

    private static String hostText(byte[] bornHost) {
        java.net.InetSocketAddress address = StoredFields.host(bornHost);
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The half's check timeout: its CHECK_IMMUNITY_TIME_IN_SECONDS if larger than the default. */
    private Duration timeoutOf(MessageDraft draft) {
        String immunity = draft.property(PropertyKeys.CHECK_IMMUNITY_TIME_IN_SECONDS);
        if (immunity != null) {
            try {
                Duration own = Duration.ofSeconds(Long.parseLong(immunity.strip()));
                return own.compareTo(defaultTimeout) > 0 ? own : defaultTimeout;
            } catch (NumberFormatException e) {
                LOG.debug("ignoring unparsable {}='{}'", PropertyKeys.CHECK_IMMUNITY_TIME_IN_SECONDS, immunity);
            }
        }
        return defaultTimeout;
    }

    private MessageDraft opRecord(HalfMessage half, Decision decision, DecisionSource source) {
        byte[] body = TransactionOpCodec.encode(new TransactionOp(decision, half.halfOffset(), source,
                half.uniqueKey(), half.producerGroup()));
        return new MessageDraft(TopicNames.HALF_OP_TOPIC, 0, 0, 0, clock.millis(), new byte[0], 0,
                java.util.Map.of(), body);
    }

    /** The decision an op record holds, or null (logged) if its body is not an op record. */
    private static OpRecord readOp(StoredMessage op) {
        TransactionOp decoded;
        try {
            decoded = TransactionOpCodec.decode(op.body());
        } catch (ProtocolException e) {
            LOG.warn("ignoring the op record at position {}: {}", op.position(), e.getMessage());
            return null;
        }
        return new OpRecord(op.queueOffset(), decoded.halfOffset(), decoded.decision(), decoded.source(),
                decoded.uniqueKey(), decoded.producerGroup(), op.storeTimestamp());
    }

    /**
     * The decision an op record of {@link TopicNames#HALF_OP_TOPIC} holds, for readers outside this package (the
     * broker's message trace); empty if {@code op} is not a decision record.
     */
    public static Optional<HalfDecisionList.Entry> decisionOf(StoredMessage op) {
        OpRecord record = readOp(op);
        return record == null ? Optional.empty() : Optional.of(new HalfDecisionList.Entry(record.opOffset(),
                record.halfOffset(), record.decision(), record.source(), record.uniqueKey(), record.producerGroup(),
                record.decidedAtMs(), null, null, null, null));
    }

    /** One decision as recorded. */
    record OpRecord(long opOffset, long halfOffset, Decision decision, DecisionSource source, String uniqueKey,
                    String producerGroup, long decidedAtMs) {
    }

    /**
     * The half stored at {@code halfOffset} of the half queue, decided or not; empty once retention deleted it. Reads
     * the whole record.
     */
    Optional<HalfMessage> storedHalf(long halfOffset) {
        ReadResult result = store.read(TopicNames.HALF_TOPIC, 0, halfOffset, 1, 1);
        if (result.status() != ReadStatus.FOUND) {
            return Optional.empty();
        }
        return Optional.of(halfOf(result.messages().getFirst()));
    }

    /** Reads up to {@code max} decisions from op offset {@code fromOpOffset}. */
    List<OpRecord> decisions(long fromOpOffset, int max) {
        ReadResult result = store.read(TopicNames.HALF_OP_TOPIC, 0, fromOpOffset, max, 16 << 20);
        if (result.status() != ReadStatus.FOUND) {
            return List.of();
        }
        List<OpRecord> records = new java.util.ArrayList<>();
        for (StoredMessage op : result.messages()) {
            OpRecord record = readOp(op);
            if (record != null) {
                records.add(record);
            }
        }
        return records;
    }

    /** The copy delivered on commit: real topic and queue, COMMIT sys flag, delayed if the half asked for it. */
    private MessageDraft committedCopy(StoredMessage stored, HalfMessage half) {
        MessageDraft draft = MessageDraft.of(stored)
                .topic(half.realTopic())
                .queueId(half.realQueueId())
                .preparedPosition(half.position());
        draft.sysFlag((draft.sysFlag() & ~MessageSysFlag.TRANSACTION_TYPE_MASK) | MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        long now = clock.millis();
        DelayRules.Delay delay = delayRules.read(draft, now);
        if (delay instanceof DelayRules.Delay.Unreadable unreadable) {
            // Only halves stored before sends checked them: every half is refused at send time otherwise.
            LOG.warn("half {}: {}; delivering it now", half.uniqueKey(), unreadable.problem());
        } else {
            delayRules.park(draft, delay, now);
        }
        return draft;
    }
}
