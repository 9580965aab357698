package io.tandem.server.consume;

import io.netty.buffer.ByteBuf;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullMessageResponseHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.server.filter.SqlFilter;
import io.tandem.server.filter.SqlFilterException;
import io.tandem.server.message.StoredFields;
import io.tandem.server.message.WireRecordWriter;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.TopicResolver;
import io.tandem.server.metadata.Topics;
import io.tandem.server.metrics.BrokerMetrics;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;
import io.tandem.store.StoredMessage;
import io.tandem.store.TagFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361), fact sheet 2.5: checks group, topic, queue and subscription, reads
 * from the consume queue with the tag filter applied to the stored tag hash (and, when enabled, a SQL92 filter on
 * properties), and answers with the records in wire layout. A pull that finds nothing new and may be suspended is
 * parked in the {@link PullHoldService} and answered when a matching message arrives or at its timeout.
 * Runs on the event loop.
 */
public final class PullProcessor implements RequestProcessor {

    /** How a pull selects messages. */
    private record Selector(SubscriptionData tags, SqlFilter sql) {
        boolean acceptsTagHash(long tagHash) {
            return tags == null || tags.matchesTagHash((int) tagHash);
        }
    }

    private final Topics topics;
    private final TopicResolver resolver;
    private final ClientRegistry clients;
    private final ConsumerOffsets offsets;
    private final MessageStore store;
    private final PullHoldService holds;
    private final WireRecordWriter wireWriter;
    private final BrokerMetrics metrics;
    private final boolean longPolling;
    private final long maxHoldMs;
    private final boolean propertyFilter;
    private final int maxMessages;
    private final int maxBytes;
    private final LongSupplier readableEnd;

    public PullProcessor(Topics topics, TopicResolver resolver, ClientRegistry clients, ConsumerOffsets offsets,
                         MessageStore store, PullHoldService holds, WireRecordWriter wireWriter, BrokerMetrics metrics,
                         boolean longPolling, long maxHoldMs, boolean propertyFilter, int maxMessages, int maxBytes) {
        this(topics, resolver, clients, offsets, store, holds, wireWriter, metrics, longPolling, maxHoldMs,
                propertyFilter, maxMessages, maxBytes, () -> Long.MAX_VALUE);
    }

    /**
     * @param readableEnd the commit-log position up to which messages may be delivered: on a {@code replication=sync}
     *                    leader what enough in-sync members hold (a message beyond it could be cut by a failover,
     *                    and its queue offset reused); {@code Long.MAX_VALUE} elsewhere
     */
    public PullProcessor(Topics topics, TopicResolver resolver, ClientRegistry clients, ConsumerOffsets offsets,
                         MessageStore store, PullHoldService holds, WireRecordWriter wireWriter, BrokerMetrics metrics,
                         boolean longPolling, long maxHoldMs, boolean propertyFilter, int maxMessages, int maxBytes,
                         LongSupplier readableEnd) {
        this.readableEnd = readableEnd;
        this.topics = topics;
        this.resolver = resolver;
        this.clients = clients;
        this.offsets = offsets;
        this.store = store;
        this.holds = holds;
        this.wireWriter = wireWriter;
        this.metrics = metrics;
        this.longPolling = longPolling;
        this.maxHoldMs = maxHoldMs;
        this.propertyFilter = propertyFilter;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(RequestContext context) {
        execute(context, PullMessageRequestHeader.from(context.request()), true);
    }

    private void execute(RequestContext context, PullMessageRequestHeader header, boolean firstExecution) {
        RemotingCommand request = context.request();
        GroupConfig group = resolver.group(header.consumerGroup());
        if (group == null) {
            error(context, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + header.consumerGroup()
                    + "] does not exist and automatic group creation is off");
            return;
        }
        if (!group.consumeEnable()) {
            error(context, ResponseCode.NO_PERMISSION, "consumer group " + group.name() + " may not consume now");
            return;
        }
        TopicConfig topic = topics.get(header.topic());
        if (topic == null) {
            error(context, ResponseCode.TOPIC_NOT_EXIST, "topic[" + header.topic() + "] not exist, apply first please!");
            return;
        }
        if (!topic.readable()) {
            error(context, ResponseCode.NO_PERMISSION, "topic " + topic.name() + " is not readable (perm "
                    + topic.perm() + ")");
            return;
        }
        if (header.queueId() < 0 || header.queueId() >= topic.readQueueNums()) {
            error(context, ResponseCode.INVALID_PARAMETER, "queueId " + header.queueId() + " is out of range: topic "
                    + topic.name() + " has " + topic.readQueueNums() + " readable queues");
            return;
        }
        Selector selector = selector(context, header);
        if (selector == null) {
            return;
        }
        if (firstExecution && header.hasSysFlag(PullSysFlag.COMMIT_OFFSET) && header.commitOffset() >= 0) {
            offsets.commit(group.name(), topic.name(), header.queueId(), header.commitOffset());
        }
        int wanted = Math.max(1, Math.min(header.maxMsgNums(), maxMessages));
        TagFilter tagFilter = selector.tags == null ? TagFilter.ALL : selector::acceptsTagHash;
        ReadResult result = store.read(topic.name(), header.queueId(), header.queueOffset(), wanted, maxBytes,
                tagFilter);
        List<StoredMessage> messages = result.messages();
        long limit = readableEnd.getAsLong();
        if (result.status() == ReadStatus.FOUND && !result.messages().isEmpty()
                && end(result.messages().getLast()) > limit) {
            // Not yet held by enough in-sync members: deliver up to the first such message, or wait for it.
            List<StoredMessage> readable = new ArrayList<>(messages.size());
            for (StoredMessage message : messages) {
                if (end(message) > limit) {
                    break;
                }
                readable.add(message);
            }
            if (readable.isEmpty()) {
                long queueOffset = messages.getFirst().queueOffset();
                result = new ReadResult(ReadStatus.NO_NEW_MESSAGE, List.of(), queueOffset, result.minOffset(),
                        queueOffset);
            } else {
                result = new ReadResult(ReadStatus.FOUND, readable, readable.getLast().queueOffset() + 1,
                        result.minOffset(), result.maxOffset());
            }
            messages = result.messages();
        }
        if (selector.sql != null && !messages.isEmpty()) {
            List<StoredMessage> matching = new ArrayList<>(messages.size());
            for (StoredMessage message : messages) {
                if (selector.sql.matches(StoredFields.propertyMap(message.properties()))) {
                    matching.add(message);
                }
            }
            messages = matching;
        }
        long min = result.minOffset();
        long max = result.maxOffset();
        switch (result.status()) {
            case FOUND -> {
                if (messages.isEmpty()) {
                    answer(context, ResponseCode.PULL_RETRY_IMMEDIATELY, "NO_MATCHED_MESSAGE", result.nextOffset(),
                            min, max, null);
                } else {
                    ByteBuf body = context.channel().alloc().ioBuffer(
                            messages.stream().mapToInt(StoredMessage::length).sum() + 64 * messages.size());
                    long bodyBytes = 0;
                    try {
                        for (StoredMessage message : messages) {
                            wireWriter.write(message, body);
                            bodyBytes += message.bodyLength();
                        }
                    } catch (RuntimeException e) {
                        body.release();
                        throw e;
                    }
                    metrics.messagesOut(topic.name(), group.name(), messages.size(), bodyBytes);
                    answerFound(context, result.nextOffset(), min, max, body);
                }
            }
            case NO_MATCHED_MESSAGE -> answer(context, ResponseCode.PULL_RETRY_IMMEDIATELY, "NO_MATCHED_MESSAGE",
                    result.nextOffset(), min, max, null);
            case NO_NEW_MESSAGE -> {
                if (firstExecution && header.hasSysFlag(PullSysFlag.SUSPEND) && !request.isOneway()) {
                    park(context, header, selector);
                } else {
                    answer(context, ResponseCode.PULL_NOT_FOUND, "OFFSET_OVERFLOW_ONE", header.queueOffset(), min,
                            max, null);
                }
            }
            case OFFSET_OVERFLOW -> answer(context, ResponseCode.PULL_OFFSET_MOVED, "OFFSET_OVERFLOW_BADLY", max, min,
                    max, null);
            case OFFSET_MOVED -> answer(context, ResponseCode.PULL_OFFSET_MOVED, "OFFSET_TOO_SMALL",
                    result.nextOffset(), min, max, null);
            case NO_MESSAGE_IN_QUEUE -> {
                if (header.queueOffset() == 0) {
                    if (firstExecution && header.hasSysFlag(PullSysFlag.SUSPEND)) {
                        park(context, header, selector);
                    } else {
                        answer(context, ResponseCode.PULL_NOT_FOUND, "NO_MESSAGE_IN_QUEUE", 0, 0, 0, null);
                    }
                } else {
                    answer(context, ResponseCode.PULL_OFFSET_MOVED, "NO_MESSAGE_IN_QUEUE", 0, 0, 0, null);
                }
            }
        }
    }

    private void park(RequestContext context, PullMessageRequestHeader header, Selector selector) {
        long holdMs = longPolling ? Math.min(Math.max(header.suspendTimeoutMillis(), 0), maxHoldMs)
                : Math.min(1000, Math.max(header.suspendTimeoutMillis(), 0));
        if (holdMs <= 0) {
            execute(context, header, false);
            return;
        }
        holds.park(header.topic(), header.queueId(), context, holdMs, selector::acceptsTagHash,
                () -> execute(context, header, false));
        // A message dispatched between the read and the park would not have woken us: look again.
        if (store.maxOffset(header.topic(), header.queueId()) > header.queueOffset() && readable(header)) {
            holds.wake(header.topic(), header.queueId());
        }
    }

    private static long end(StoredMessage message) {
        return message.position() + message.length();
    }

    /** Whether the message at the pull's offset may be delivered now (it is within the readable end). */
    private boolean readable(PullMessageRequestHeader header) {
        long limit = readableEnd.getAsLong();
        if (limit == Long.MAX_VALUE) {
            return true;
        }
        ReadResult next = store.read(header.topic(), header.queueId(), header.queueOffset(), 1, maxBytes);
        return next.status() == ReadStatus.FOUND && !next.messages().isEmpty()
                && end(next.messages().getFirst()) <= limit;
    }

    private Selector selector(RequestContext context, PullMessageRequestHeader header) {
        String expressionType;
        String expression;
        long subVersion;
        if (header.hasSysFlag(PullSysFlag.SUBSCRIPTION)) {
            expressionType = header.expressionType() == null ? SubscriptionData.EXPRESSION_TAG : header.expressionType();
            expression = header.subscription();
            subVersion = header.subVersion();
        } else {
            ClientRegistry.ConsumerGroup group = clients.consumerGroup(header.consumerGroup());
            if (group == null || group.members().isEmpty()) {
                error(context, ResponseCode.SUBSCRIPTION_NOT_EXIST, "consumer group " + header.consumerGroup()
                        + " has no live member: send a heartbeat before pulling");
                return null;
            }
            SubscriptionData subscription = group.subscription(header.topic());
            if (subscription == null) {
                error(context, ResponseCode.SUBSCRIPTION_NOT_EXIST, "consumer group " + header.consumerGroup()
                        + " has not subscribed topic " + header.topic());
                return null;
            }
            if (subscription.subVersion() < header.subVersion()) {
                error(context, ResponseCode.SUBSCRIPTION_NOT_LATEST, "the broker holds an older subscription of "
                        + header.consumerGroup() + " to " + header.topic() + " than the pull names: heartbeat again");
                return null;
            }
            expressionType = subscription.expressionType() == null ? SubscriptionData.EXPRESSION_TAG
                    : subscription.expressionType();
            if (SubscriptionData.EXPRESSION_TAG.equalsIgnoreCase(expressionType)) {
                return new Selector(subscription, null);
            }
            expression = subscription.subString();
            subVersion = subscription.subVersion();
        }
        if (SubscriptionData.EXPRESSION_TAG.equalsIgnoreCase(expressionType)) {
            return new Selector(SubscriptionData.ofTags(header.topic(), expression, subVersion), null);
        }
        if (!SubscriptionData.EXPRESSION_SQL92.equalsIgnoreCase(expressionType)) {
            error(context, ResponseCode.SUBSCRIPTION_PARSE_FAILED, "unknown expression type '" + expressionType
                    + "': use TAG or SQL92");
            return null;
        }
        if (!propertyFilter) {
            error(context, ResponseCode.SYSTEM_ERROR, "SQL92 filtering is disabled on this broker "
                    + "(enable the property filter to use it)");
            return null;
        }
        try {
            return new Selector(null, SqlFilter.compile(expression == null ? "" : expression));
        } catch (SqlFilterException e) {
            error(context, ResponseCode.SUBSCRIPTION_PARSE_FAILED, "cannot parse SQL92 expression: " + e.getMessage());
            return null;
        }
    }

    private void answer(RequestContext context, int code, String remark, long nextOffset, long min, long max,
                        byte[] body) {
        PullMessageResponseHeader header = new PullMessageResponseHeader(0, nextOffset, min, max, null, null, null,
                null);
        metrics.pullLatency(System.nanoTime() - context.receivedNanos(), code == ResponseCode.SUCCESS ? "found"
                : "empty");
        context.respond(context.request().response(code).remark(remark).extFields(header.toExtFields()).body(body));
    }

    private void answerFound(RequestContext context, long nextOffset, long min, long max, ByteBuf body) {
        PullMessageResponseHeader header = new PullMessageResponseHeader(0, nextOffset, min, max, null, null, null,
                null);
        metrics.pullLatency(System.nanoTime() - context.receivedNanos(), "found");
        context.respond(context.request().response(ResponseCode.SUCCESS).remark("FOUND")
                .extFields(header.toExtFields()), body);
    }

    private void error(RequestContext context, int code, String remark) {
        metrics.pullLatency(System.nanoTime() - context.receivedNanos(), "error");
        context.respondError(code, remark);
    }
}
