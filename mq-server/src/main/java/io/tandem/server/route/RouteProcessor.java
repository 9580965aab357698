package io.tandem.server.route;

import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;
import io.tandem.server.BrokerIdentity;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.Topics;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The name-server role (fact sheet 2.1): routes of topics, the cluster's brokers and the topic list. In the
 * embedded mode the name server and the broker share one process, so routes come straight from the broker's
 * {@link Topics}; there is no registration round trip to go stale.
 */
public final class RouteProcessor implements RequestProcessor {

    private final Topics topics;
    private final BrokerIdentity identity;

    public RouteProcessor(Topics topics, BrokerIdentity identity) {
        this.topics = topics;
        this.identity = identity;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(context);
            case RequestCode.GET_BROKER_CLUSTER_INFO -> clusterInfo(context);
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> context.respond(context.request()
                    .response(ResponseCode.SUCCESS).body(RemotingJson.encode(Map.of("topicList",
                            topics.all().stream().map(TopicConfig::name).sorted().toList()))));
            // Topics live on the broker; deleting the broker's topic removes the route with it.
            case RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER ->
                    context.respondSuccess();
            default -> throw new IllegalStateException("not a name-server request: " + context.request().code());
        }
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
