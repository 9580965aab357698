package io.tandem.server.route;

import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.TopicList;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.header.GetTopicsByClusterRequestHeader;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.Topics;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The name-server role (fact sheet 2.1): routes of topics, the cluster's brokers, the topic list, the topics of a
 * cluster (224) and the topics the broker keeps for itself (304). In the embedded mode the name server and the broker
 * share one process, so routes come straight from the broker's {@link Topics}; there is no registration round trip
 * to go stale.
 */
public final class RouteProcessor implements RequestProcessor {

    private final Topics topics;
    private final BrokerIdentity identity;
    private final Predicate<String> systemTopic;

    /**
     * @param systemTopic which topics the broker keeps for itself (schedule, transaction, trace and template topics);
     *                    RocketMQ Dashboard shows them apart from the users' topics
     */
    public RouteProcessor(Topics topics, BrokerIdentity identity, Predicate<String> systemTopic) {
        this.topics = topics;
        this.identity = identity;
        this.systemTopic = systemTopic;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(context);
            case RequestCode.GET_BROKER_CLUSTER_INFO -> clusterInfo(context);
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> context.respond(context.request()
                    .response(ResponseCode.SUCCESS).body(RemotingJson.encode(Map.of("topicList",
                            topics.all().stream().map(TopicConfig::name).sorted().toList()))));
            case RequestCode.GET_TOPICS_BY_CLUSTER -> topicsOfCluster(context);
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> context.respond(context.request()
                    .response(ResponseCode.SUCCESS).body(new TopicList(topicNames(systemTopic),
                            identity.addressText()).toJson()));
            // Topics live on the broker; deleting the broker's topic removes the route with it.
            case RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER ->
                    context.respondSuccess();
            default -> throw new IllegalStateException("not a name-server request: " + context.request().code());
        }
    }

    private void topicsOfCluster(RequestContext context) {
        String cluster = GetTopicsByClusterRequestHeader.from(context.request()).cluster();
        TreeSet<String> names = identity.clusterName().equals(cluster) ? topicNames(name -> true) : new TreeSet<>();
        context.respond(context.request().response(ResponseCode.SUCCESS).body(new TopicList(names, null).toJson()));
    }

    private TreeSet<String> topicNames(Predicate<String> which) {
        TreeSet<String> names = new TreeSet<>();
        for (TopicConfig topic : topics.all()) {
            if (which.test(topic.name())) {
                names.add(topic.name());
            }
        }
        return names;
    }

    private void route(RequestContext context) {
        GetRouteInfoRequestHeader header = GetRouteInfoRequestHeader.from(context.request());
        TopicConfig topic = topics.get(header.topic());
        if (topic == null) {
            context.respondError(ResponseCode.TOPIC_NOT_EXIST, "No topic route info in name server for the topic: "
                    + header.topic());
            return;
        }
        TopicRouteData route = new TopicRouteData(
                topic.order() ? identity.brokerName() + ":" + topic.writeQueueNums() : null,
                List.of(new QueueData(identity.brokerName(), topic.readQueueNums(), topic.writeQueueNums(),
                        topic.perm(), 0)),
                List.of(brokerData()),
                Map.of());
        JsonFlavor flavor = JsonFlavor.forRouteRequest(context.request().version(), header.acceptStandardJsonOnly());
        context.respond(context.request().response(ResponseCode.SUCCESS).body(route.toJson(flavor)));
    }

    private void clusterInfo(RequestContext context) {
        Map<String, Object> body = new TreeMap<>();
        body.put("brokerAddrTable", Map.of(identity.brokerName(), brokerData()));
        body.put("clusterAddrTable", Map.of(identity.clusterName(), List.of(identity.brokerName())));
        JsonFlavor flavor = JsonFlavor.forRouteRequest(context.request().version(), null);
        context.respond(context.request().response(ResponseCode.SUCCESS).body(RemotingJson.encode(body, flavor)));
    }

    private BrokerData brokerData() {
        return new BrokerData(identity.clusterName(), identity.brokerName(),
                Map.of(BrokerData.MASTER_ID, identity.addressText()), null, false);
    }
}
