package io.tandem.server.admin;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.ResetOffsetBody;
import io.tandem.protocol.header.ResetOffsetRequestHeader;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.Topics;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222, {@code mqadmin resetOffsetByTime}): moves a group's offsets of a topic to the
 * first message stored at or after a time (found through each consume queue's store times), to the queues' end for
 * time -1, or to an explicit offset of one queue. Without force an offset only moves back.
 *
 * <p>When live members of the group subscribe to the topic, they are told (RESET_CONSUMER_CLIENT_OFFSET, 220, oneway,
 * the reference's object-key body) and apply the offsets themselves, dropping what they hold and committing the new
 * offsets; otherwise the broker rewrites the group's committed offsets, so the group starts there when it comes back.
 * Either way the answer lists the offset of each queue.
 */
public final class OffsetResetProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetResetProcessor.class);

    private final Topics topics;
    private final Groups groups;
    private final ConsumerOffsets offsets;
    private final ClientRegistry clients;
    private final MessageStore store;
    private final BrokerIdentity identity;
    private final AtomicInteger nextOpaque = new AtomicInteger(1 << 29);

    public OffsetResetProcessor(Topics topics, Groups groups, ConsumerOffsets offsets, ClientRegistry clients,
                                MessageStore store, BrokerIdentity identity) {
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.clients = clients;
        this.store = store;
        this.identity = identity;
    }

    @Override
    public void process(RequestContext context) {
        ResetOffsetRequestHeader header = ResetOffsetRequestHeader.from(context.request());
        String topicName = header.topic();
        String group = header.group();
        TopicConfig topic = topics.get(topicName);
        if (topic == null) {
            context.respondError(ResponseCode.TOPIC_NOT_EXIST, "[reset-offset] reset offset failed, no topic in "
                    + "this broker. topic=" + topicName);
            return;
        }
        if (groups.get(group) == null && offsets.ofGroup(group).isEmpty()) {
            context.respondError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "[reset-offset] subscription group ["
                    + group + "] does not exist");
            return;
        }
        int onlyQueue = header.queueId() == null ? -1 : header.queueId();
        if (onlyQueue >= topic.queueNums()) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "queueId " + onlyQueue + " is not a queue of topic "
                    + topicName + " (it has " + topic.queueNums() + ")");
            return;
        }
        boolean force = header.force() == null || header.force();
        Map<MessageQueue, Long> table = new LinkedHashMap<>();
        for (int queueId = onlyQueue >= 0 ? onlyQueue : 0; queueId < (onlyQueue >= 0 ? onlyQueue + 1
                : topic.queueNums()); queueId++) {
            long target;
            if (onlyQueue >= 0 && header.offset() != null && header.offset() >= 0) {
                long min = store.minOffset(topicName, queueId);
                long max = store.maxOffset(topicName, queueId);
                if (header.offset() < min || header.offset() > max) {
                    context.respondError(ResponseCode.INVALID_PARAMETER, "offset " + header.offset() + " is not in "
                            + "queue " + queueId + "'s range [" + min + ", " + max + "]");
                    return;
                }
                target = header.offset();
            } else if (header.timestamp() < 0) {
                target = store.maxOffset(topicName, queueId);
            } else {
                target = store.offsetForTime(topicName, queueId, header.timestamp());
            }
            OptionalLong committed = offsets.committed(group, topicName, queueId);
            long offset = force || committed.isEmpty() || target < committed.getAsLong() ? target
                    : committed.getAsLong();
            table.put(new MessageQueue(topicName, identity.brokerName(), queueId), offset);
        }

        List<ClientRegistry.Member> live = liveSubscribers(group, topicName);
        if (live.isEmpty()) {
            table.forEach((queue, offset) -> offsets.commit(group, topicName, queue.queueId(), offset));
            LOG.info("[reset-offset] group {} (offline) topic {} reset by {}: committed offsets rewritten to {}",
                    group, topicName, context.connection(), table.values());
        } else {
            RemotingCommand.Builder reset = RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET)
                    .extFields(new ResetOffsetRequestHeader(topicName, group, header.timestamp(), force, null, null)
                            .toExtFields())
                    .body(new ResetOffsetBody(table).toJson())
                    .oneway();
            for (ClientRegistry.Member member : live) {
                member.connection().write(reset.opaque(nextOpaque.getAndIncrement()).build());
            }
            LOG.info("[reset-offset] group {} topic {} reset by {}: {} live consumers told to move to {}", group,
                    topicName, context.connection(), live.size(), table.values());
        }
        context.respond(context.request().response(ResponseCode.SUCCESS).body(new ResetOffsetBody(table).toJson()));
    }

    private List<ClientRegistry.Member> liveSubscribers(String group, String topic) {
        ClientRegistry.ConsumerGroup consumers = clients.consumerGroup(group);
        List<ClientRegistry.Member> live = new ArrayList<>();
        if (consumers != null && consumers.subscription(topic) != null) {
            for (ClientRegistry.Member member : consumers.members()) {
                if (member.connection().isActive()) {
                    live.add(member);
                }
            }
        }
        return live;
    }
}
