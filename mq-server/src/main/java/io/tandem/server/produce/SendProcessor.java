package io.tandem.server.produce;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.message.BatchEntry;
import io.tandem.protocol.message.BatchMessageCodec;
import io.tandem.protocol.message.MessageDescriptor;
import io.tandem.protocol.message.MessageProperties;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.message.UniqueKeyGenerator;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.delay.DelayRules;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.message.MessageWriter;
import io.tandem.server.replication.ReplicationGate;
import io.tandem.server.message.StoredFields;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.metadata.TopicResolver;
import io.tandem.server.metrics.BrokerMetrics;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.server.txn.TransactionService;
import io.tandem.store.AppendResult;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320), oneway or not (fact sheet 2.4): checks the
 * topic, queue and sizes, fills in the unique key, sends retry-topic messages past their limit to the DLQ, parks
 * delayed and timestamped messages, appends, and answers once the store acknowledged (ASYNC: written to the file,
 * out of the process; SYNC: synced to disk), or with {@code SERVICE_NOT_AVAILABLE} naming the disk when the store
 * refused the message because its disk is full. Runs on the event loop: nothing here blocks.
 */
public final class SendProcessor implements RequestProcessor {

    private static final String REGION = "DefaultRegion";

    private final BrokerIdentity identity;
    private final TopicResolver resolver;
    private final MessageWriter writer;
    private final DelayRules delayRules;
    private final TransactionService transactions;
    private final Predicate<String> groupHoldsOrderlyLocks;
    private final UniqueKeyGenerator uniqueKeys;
    private final BrokerMetrics metrics;
    private final Clock clock;
    private final int maxMessageSize;

    private final ReplicationGate replication;

    public SendProcessor(BrokerIdentity identity, TopicResolver resolver, MessageWriter writer, DelayRules delayRules,
                         TransactionService transactions, Predicate<String> groupHoldsOrderlyLocks,
                         UniqueKeyGenerator uniqueKeys, BrokerMetrics metrics, Clock clock, int maxMessageSize,
                         ReplicationGate replication) {
        this.identity = identity;
        this.replication = replication;
        this.resolver = resolver;
        this.writer = writer;
        this.delayRules = delayRules;
        this.transactions = transactions;
        this.groupHoldsOrderlyLocks = groupHoldsOrderlyLocks;
        this.uniqueKeys = uniqueKeys;
        this.metrics = metrics;
        this.clock = clock;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void process(RequestContext context) {
        RemotingCommand request = context.request();
        String refusal = replication.refusal();
        if (refusal != null) {
            fail(context, ResponseCode.SERVICE_NOT_AVAILABLE, refusal);
            return;
        }
        SendMessageRequestHeader header = SendMessageRequestHeader.from(request);
        String problem = TopicNames.checkTopic(header.topic());
        if (problem != null) {
            fail(context, ResponseCode.INVALID_PARAMETER, problem);
            return;
        }
        if (TopicNames.RESERVED.contains(header.topic())) {
            fail(context, ResponseCode.NO_PERMISSION, "topic " + header.topic()
                    + " is reserved for the broker; clients may not send to it");
            return;
        }
        if (TopicNames.AUTO_CREATE_TEMPLATE.equals(header.topic())) {
            fail(context, ResponseCode.NO_PERMISSION, "topic " + header.topic()
                    + " is the auto-create template; clients may not send to it");
            return;
        }
        TopicResolver.Resolution resolution = resolver.forSend(header.topic(), header.defaultTopic(),
                header.defaultTopicQueueNums());
        if (!resolution.ok()) {
            fail(context, resolution.errorCode(), resolution.remark());
            return;
        }
        TopicConfig topic = resolution.topic();
        if (!topic.writable()) {
            fail(context, ResponseCode.NO_PERMISSION, "topic " + topic.name() + " is not writable (perm "
                    + topic.perm() + ")");
            return;
        }
        int queueId = header.queueId();
        if (queueId < 0) {
            queueId = ThreadLocalRandom.current().nextInt(Math.max(1, topic.writeQueueNums()));
        } else if (queueId >= topic.queueNums()) {
            fail(context, ResponseCode.INVALID_PARAMETER, "queueId " + queueId + " is out of range: topic "
                    + topic.name() + " has " + topic.queueNums() + " queues");
            return;
        }
        byte[] bornHost = StoredFields.host(context.connection().remoteSocketAddress());
        if (request.code() == RequestCode.SEND_BATCH_MESSAGE) {
            sendBatch(context, header, topic, queueId, bornHost);
        } else {
            sendOne(context, header, topic, queueId, bornHost);
        }
    }

    private void sendOne(RequestContext context, SendMessageRequestHeader header, TopicConfig topic, int queueId,
                         byte[] bornHost) {
        byte[] body = context.request().body();
        if (body.length > maxMessageSize) {
            fail(context, ResponseCode.MESSAGE_ILLEGAL, "message body of " + body.length
                    + " bytes exceeds the maximum of " + maxMessageSize);
            return;
        }
        String propertyString = header.properties();
        if (propertyString != null && propertyString.getBytes(StandardCharsets.UTF_8).length
                > MessageDescriptor.MAX_PROPERTIES_LENGTH) {
            fail(context, ResponseCode.MESSAGE_ILLEGAL, "message properties exceed "
                    + MessageDescriptor.MAX_PROPERTIES_LENGTH + " bytes");
            return;
        }
        Map<String, String> properties = MessageProperties.decode(propertyString == null ? "" : propertyString);
        int reconsumeTimes = header.reconsumeTimes() == null ? 0 : header.reconsumeTimes();
        MessageDraft draft = new MessageDraft(topic.name(), queueId, header.flag(),
                header.sysFlag() & ~MessageSysFlag.TRANSACTION_TYPE_MASK, header.bornTimestamp(), bornHost,
                reconsumeTimes, properties, body);
        draft.property(PropertyKeys.POP_CK, null);
        if (draft.uniqueKey() == null || draft.uniqueKey().isEmpty()) {
            draft.property(PropertyKeys.UNIQ_KEY, uniqueKeys.next());
        }
        markTraceable(draft);
        if ("true".equals(draft.property(PropertyKeys.TRAN_MSG))
                || (header.sysFlag() & MessageSysFlag.TRANSACTION_TYPE_MASK) == MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
            sendHalf(context, header, draft);
            return;
        }
        if (TopicNames.isRetryTopic(topic.name()) && !routeRetry(context, header, draft)) {
            return;
        }
        long now = clock.millis();
        DelayRules.Delay delay = delayRules.read(draft, now);
        String delayProblem = delayRules.refusal(delay, now);
        if (delayProblem != null) {
            fail(context, ResponseCode.MESSAGE_ILLEGAL, delayProblem);
            return;
        }
        delayRules.park(draft, delay, now);
        int userQueueId = queueId;
        writer.write(draft).whenComplete((appended, failure) -> {
            if (failure != null) {
                MessageWriter.Failure described = MessageWriter.describe(failure);
                fail(context, described.code(), described.remark());
                return;
            }
            if (!appended.appended()) {
                failDiskFull(context);
                return;
            }
            whenReplicated(context, appended.position() + appended.length(), () -> respond(context,
                    identity.offsetMessageId(appended.position()), userQueueId, appended.queueOffset(),
                    draft.uniqueKey()));
        });
    }

    private void sendHalf(RequestContext context, SendMessageRequestHeader header, MessageDraft draft) {
        if (TopicNames.isRetryTopic(draft.topic()) || TopicNames.isDlqTopic(draft.topic())) {
            fail(context, ResponseCode.MESSAGE_ILLEGAL, "transactional messages may not be sent to " + draft.topic());
            return;
        }
        // Checked like any send; the delay itself is applied when the half is committed.
        long now = clock.millis();
        String delayProblem = delayRules.refusal(delayRules.read(draft, now), now);
        if (delayProblem != null) {
            fail(context, ResponseCode.MESSAGE_ILLEGAL, delayProblem);
            return;
        }
        String producerGroup = draft.property(PropertyKeys.PGROUP) != null ? draft.property(PropertyKeys.PGROUP)
                : header.producerGroup();
        int userQueueId = draft.queueId();
        transactions.storeHalf(draft, producerGroup, context.connection().remoteAddress())
                .whenComplete((appended, failure) -> {
                    if (failure != null) {
                        MessageWriter.Failure described = MessageWriter.describe(failure);
                        fail(context, described.code(), described.remark());
                        return;
                    }
                    if (!appended.appended()) {
                        failDiskFull(context);
                        return;
                    }
                    whenReplicated(context, appended.position() + appended.length(), () -> respond(context,
                            identity.offsetMessageId(appended.position()), userQueueId, appended.queueOffset(),
                            draft.uniqueKey()));
                });
    }

    /** Moves a retry-topic send past its limit to the DLQ; false if it answered an error. */
    private boolean routeRetry(RequestContext context, SendMessageRequestHeader header, MessageDraft draft) {
        String group = TopicNames.groupOf(draft.topic());
        GroupConfig config = resolver.group(group);
        if (config == null) {
            fail(context, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + group
                    + "] does not exist");
            return false;
        }
        int maxReconsumeTimes = header.maxReconsumeTimes() != null ? header.maxReconsumeTimes()
                : config.retryMaxTimes();
        if (draft.reconsumeTimes() > maxReconsumeTimes || groupHoldsOrderlyLocks.test(group)) {
            TopicResolver.Resolution dlq = resolver.forGroupTopic(TopicNames.dlqTopic(group), group);
            if (!dlq.ok()) {
                fail(context, dlq.errorCode(), dlq.remark());
                return false;
            }
            draft.topic(dlq.topic().name()).queueId(0).property(PropertyKeys.DELAY, "-1");
        }
        return true;
    }

    private void sendBatch(RequestContext context, SendMessageRequestHeader header, TopicConfig topic, int queueId,
                           byte[] bornHost) {
        if (TopicNames.isRetryTopic(topic.name())) {
            fail(context, ResponseCode.MESSAGE_ILLEGAL, "batches may not be sent to retry topic " + topic.name());
            return;
        }
        byte[] body = context.request().body();
        List<BatchEntry> entries;
        try {
            entries = BatchMessageCodec.decode(body);
        } catch (RuntimeException e) {
            fail(context, ResponseCode.MESSAGE_ILLEGAL, "malformed batch body: " + e.getMessage());
            return;
        }
        if (entries.isEmpty()) {
            fail(context, ResponseCode.MESSAGE_ILLEGAL, "the batch holds no message");
            return;
        }
        Map<String, String> batchProperties = MessageProperties.decode(
                header.properties() == null ? "" : header.properties());
        // Each member keeps its own UNIQ_KEY; the batch's is only the transaction id of the answer.
        String batchUniqueKey = batchProperties.remove(PropertyKeys.UNIQ_KEY);
        List<MessageDraft> drafts = new ArrayList<>(entries.size());
        for (BatchEntry entry : entries) {
            if (entry.body().length > maxMessageSize) {
                fail(context, ResponseCode.MESSAGE_ILLEGAL, "a message body of " + entry.body().length
                        + " bytes in the batch exceeds the maximum of " + maxMessageSize);
                return;
            }
            MessageDraft draft = new MessageDraft(topic.name(), queueId, entry.flag(),
                    header.sysFlag() & ~MessageSysFlag.TRANSACTION_TYPE_MASK, header.bornTimestamp(), bornHost, 0,
                    entry.properties(), entry.body());
            batchProperties.forEach(draft::putPropertyIfAbsent);
            if (draft.uniqueKey() == null || draft.uniqueKey().isEmpty()) {
                draft.property(PropertyKeys.UNIQ_KEY, uniqueKeys.next());
            }
            markTraceable(draft);
            if (delayRules.requested(draft)) {
                fail(context, ResponseCode.MESSAGE_ILLEGAL, "delayed messages may not be sent in a batch");
                return;
            }
            drafts.add(draft);
        }
        int userQueueId = queueId;
        writer.writeBatch(drafts).whenComplete((appended, failure) -> {
            if (failure != null) {
                MessageWriter.Failure described = MessageWriter.describe(failure);
                fail(context, described.code(), described.remark());
                return;
            }
            if (!appended.getFirst().appended()) {
                failDiskFull(context);
                return;
            }
            StringJoiner ids = new StringJoiner(",");
            for (AppendResult result : appended) {
                ids.add(identity.offsetMessageId(result.position()));
            }
            AppendResult last = appended.getLast();
            whenReplicated(context, last.position() + last.length(), () -> respond(context, ids.toString(), userQueueId,
                    appended.getFirst().queueOffset(),
                    batchUniqueKey != null ? batchUniqueKey : drafts.getFirst().uniqueKey()));
        });
    }

    /**
     * Adds the region and trace switch the reference broker stores with every message: a consumer with message trace
     * on records a message only when it carries its region (and not {@code TRACE_ON=false}).
     */
    private static void markTraceable(MessageDraft draft) {
        draft.putPropertyIfAbsent(PropertyKeys.MSG_REGION, REGION).putPropertyIfAbsent(PropertyKeys.TRACE_ON, "true");
    }

    private void respond(RequestContext context, String msgId, int queueId, long queueOffset, String transactionId) {
        SendMessageResponseHeader header = new SendMessageResponseHeader(msgId, queueId, queueOffset, transactionId,
                null, null, REGION, true);
        // Recorded before the answer leaves, so whoever sees the answer also sees the measurement.
        metrics.sendLatency(System.nanoTime() - context.receivedNanos(), "ok");
        context.respond(context.request().response(ResponseCode.SUCCESS).extFields(header.toExtFields()));
    }

    /**
     * Answers with {@code success} once the log up to {@code end} is replicated as the group requires, else with
     * SERVICE_NOT_AVAILABLE naming what is missing (never a success the replicas do not back).
     */
    private void whenReplicated(RequestContext context, long end, Runnable success) {
        replication.replicated(end).whenComplete((ignored, failure) -> {
            if (failure == null) {
                success.run();
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                fail(context, ResponseCode.SERVICE_NOT_AVAILABLE, cause.getMessage());
            }
        });
    }

    private void failDiskFull(RequestContext context) {
        MessageWriter.Failure diskFull = writer.diskFull();
        fail(context, diskFull.code(), diskFull.remark());
    }

    private void fail(RequestContext context, int code, String remark) {
        metrics.sendLatency(System.nanoTime() - context.receivedNanos(), "error");
        // The Java client reads these two fields even on errors.
        context.respond(context.request().response(code).remark(remark)
                .extField(SendMessageResponseHeader.MSG_REGION, REGION)
                .extField(SendMessageResponseHeader.TRACE_ON, "true"));
    }
}
