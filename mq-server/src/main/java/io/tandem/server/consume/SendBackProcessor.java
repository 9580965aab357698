package io.tandem.server.consume;

import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.delay.DelayPlan;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.metadata.TopicResolver;
import io.tandem.server.message.MessageWriter;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.store.MessageStore;
import io.tandem.store.StoredMessage;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CONSUMER_SEND_MSG_BACK (36), fact sheet 2.8: a message the consumer failed goes to {@code %RETRY%group} after the
 * back-off of delay level {@code 3 + reconsumeTimes} (or the level the consumer asked for), or to {@code %DLQ%group}
 * once it was delivered more than the group's max reconsume times (or when the consumer asks, level &lt; 0).
 * Looks the original up in the store (it may block on a cold read), so it runs off the event loop.
 */
public final class SendBackProcessor implements RequestProcessor {

    private final MessageStore store;
    private final TopicResolver resolver;
    private final MessageWriter writer;
    private final DelayPlan delayPlan;
    private final BrokerIdentity identity;

    public SendBackProcessor(MessageStore store, TopicResolver resolver, MessageWriter writer, DelayPlan delayPlan,
                             BrokerIdentity identity) {
        this.store = store;
        this.resolver = resolver;
        this.writer = writer;
        this.delayPlan = delayPlan;
        this.identity = identity;
    }

    @Override
    public void process(RequestContext context) {
        ConsumerSendMsgBackRequestHeader header = ConsumerSendMsgBackRequestHeader.from(context.request());
        GroupConfig group = resolver.group(header.group());
        if (group == null) {
            context.respondError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + header.group()
                    + "] does not exist");
            return;
        }
        if (group.retryQueueNums() <= 0) {
            context.respondSuccess();
            return;
        }
        Optional<StoredMessage> original = store.readByPosition(header.commitLogOffset());
        if (original.isEmpty()) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "look message by offset failed, " + header.commitLogOffset());
            return;
        }
        StoredMessage stored = original.get();
        MessageDraft draft = MessageDraft.of(stored);
        String originalTopic = draft.property(PropertyKeys.RETRY_TOPIC) != null
                ? draft.property(PropertyKeys.RETRY_TOPIC) : stored.topic();
        draft.putPropertyIfAbsent(PropertyKeys.RETRY_TOPIC, originalTopic)
                .putPropertyIfAbsent(PropertyKeys.ORIGIN_MESSAGE_ID, identity.offsetMessageId(stored.position()))
                .property(PropertyKeys.WAIT, "false")
                .property(PropertyKeys.REAL_TOPIC, null)
                .property(PropertyKeys.REAL_QID, null)
                .property(PropertyKeys.TIMER_OUT_MS, null)
                .property(PropertyKeys.TRAN_MSG, null);
        draft.sysFlag(draft.sysFlag() & ~MessageSysFlag.TRANSACTION_TYPE_MASK);
        int maxReconsumeTimes = header.maxReconsumeTimes() != null ? header.maxReconsumeTimes()
                : group.retryMaxTimes();
        int delayLevel = header.delayLevel();
        if (stored.reconsumeTimes() >= maxReconsumeTimes || delayLevel < 0) {
            TopicResolver.Resolution dlq = resolver.forGroupTopic(TopicNames.dlqTopic(group.name()), group.name());
            if (!dlq.ok()) {
                context.respondError(dlq.errorCode(), dlq.remark());
                return;
            }
            draft.topic(dlq.topic().name()).queueId(0).property(PropertyKeys.DELAY, null);
        } else {
            TopicResolver.Resolution retry = resolver.forGroupTopic(TopicNames.retryTopic(group.name()), group.name());
            if (!retry.ok()) {
                context.respondError(retry.errorCode(), retry.remark());
                return;
            }
            int queueId = ThreadLocalRandom.current().nextInt(Math.max(1, retry.topic().writeQueueNums()));
            draft.topic(retry.topic().name()).queueId(queueId);
            int level = delayLevel == 0 ? 3 + stored.reconsumeTimes() : delayLevel;
            delayPlan.parkForLevel(draft, level);
        }
        draft.reconsumeTimes(stored.reconsumeTimes() + 1);
        writer.write(draft).whenComplete((appended, failure) -> {
            if (failure != null) {
                MessageWriter.Failure described = MessageWriter.describe(failure);
                context.respondError(described.code(), described.remark());
            } else if (!appended.appended()) {
                MessageWriter.Failure diskFull = writer.diskFull();
                context.respondError(diskFull.code(), diskFull.remark());
            } else {
                context.respondSuccess();
            }
        });
    }
}
