package io.tandem.server.consume;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.ConsumerListBody;
import io.tandem.protocol.body.HeartbeatData;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.ProducerData;
import io.tandem.protocol.header.GetConsumerListByGroupRequestHeader;
import io.tandem.protocol.header.HeartbeatResponseHeader;
import io.tandem.protocol.header.UnregisterClientRequestHeader;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.metadata.TopicResolver;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * HEART_BEAT (34), UNREGISTER_CLIENT (35) and GET_CONSUMER_LIST_BY_GROUP (38), fact sheet 2.2, 2.3, 2.7: keeps the
 * {@link ClientRegistry} current, creates groups and their retry topics as allowed, and lists a group's members.
 */
public final class HeartbeatProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatProcessor.class);

    private final ClientRegistry clients;
    private final TopicResolver resolver;
    private final BiConsumer<String, String> subscriptionSeen;

    /**
     * @param subscriptionSeen told (group, topic) for every subscription in a heartbeat (registers lag meters)
     */
    public HeartbeatProcessor(ClientRegistry clients, TopicResolver resolver, BiConsumer<String, String> subscriptionSeen) {
        this.clients = clients;
        this.resolver = resolver;
        this.subscriptionSeen = subscriptionSeen;
    }

    @Override
    public void process(RequestContext context) {
        RemotingCommand request = context.request();
        switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(context);
            case RequestCode.UNREGISTER_CLIENT -> unregister(context);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(context);
            default -> throw new IllegalStateException("not a heartbeat request: " + request.code());
        }
    }

    private void heartbeat(RequestContext context) {
        byte[] body = context.request().body();
        if (body.length == 0) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "HEART_BEAT needs a HeartbeatData JSON body");
            return;
        }
        HeartbeatData data = HeartbeatData.fromJson(body);
        for (ConsumerData consumer : data.consumerDataSet()) {
            String problem = TopicNames.checkGroup(consumer.groupName());
            if (problem != null) {
                context.respondError(ResponseCode.INVALID_PARAMETER, problem);
                return;
            }
            GroupConfig group = resolver.group(consumer.groupName());
            if (group == null) {
                LOG.debug("heartbeat of {} names unknown group {}: skipped", data.clientID(), consumer.groupName());
                continue;
            }
            if (consumer.messageModel() != MessageModel.BROADCASTING && group.retryQueueNums() > 0) {
                resolver.forGroupTopic(TopicNames.retryTopic(group.name()), group.name());
            }
            clients.registerConsumer(data.clientID(), context.connection(), consumer);
            consumer.subscriptionDataSet().forEach(subscription ->
                    subscriptionSeen.accept(group.name(), subscription.topic()));
        }
        for (ProducerData producer : data.producerDataSet()) {
            clients.registerProducer(producer.groupName(), data.clientID(), context.connection());
        }
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .extFields(new HeartbeatResponseHeader(false, true).toExtFields()));
    }

    private void unregister(RequestContext context) {
        UnregisterClientRequestHeader header = UnregisterClientRequestHeader.from(context.request());
        if (header.consumerGroup() != null) {
            clients.unregisterConsumer(header.consumerGroup(), header.clientId());
        }
        if (header.producerGroup() != null) {
            clients.unregisterProducer(header.producerGroup(), header.clientId());
        }
        context.respondSuccess();
    }

    private void consumerList(RequestContext context) {
        GetConsumerListByGroupRequestHeader header = GetConsumerListByGroupRequestHeader.from(context.request());
        ClientRegistry.ConsumerGroup group = clients.consumerGroup(header.consumerGroup());
        List<String> ids = group == null ? List.of() : group.clientIds();
        if (ids.isEmpty()) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + header.consumerGroup());
            return;
        }
        context.respond(context.request().response(ResponseCode.SUCCESS).body(new ConsumerListBody(ids).toJson()));
    }
}
