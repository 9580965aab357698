package io.tandem.server.route;

import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.GetBrokerMemberGroupResponseBody;
import io.tandem.protocol.header.DeleteTopicFromNamesrvRequestHeader;
import io.tandem.protocol.header.GetBrokerMemberGroupRequestHeader;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.header.GetTopicsByClusterRequestHeader;
import io.tandem.protocol.route.TopicRouteData;
import io.tandem.server.namesrv.BrokerRegistry;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.util.Optional;

/**
 * The name server's read side (fact sheet 2.1): routes of topics over every broker group that holds them, the
 * cluster's groups and members, topic lists, and route deletion, all from the {@link BrokerRegistry} that broker
 * registrations fill (in the embedded mode the broker of the same process registers in process, so its topics are
 * routed as soon as they exist). Route and cluster JSON is standard or legacy by the requester's version. Never
 * blocks.
 */
public final class RouteProcessor implements RequestProcessor {

    private final BrokerRegistry registry;

    public RouteProcessor(BrokerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(context);
            case RequestCode.GET_BROKER_CLUSTER_INFO -> clusterInfo(context);
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> context.respond(context.request()
                    .response(ResponseCode.SUCCESS).body(registry.topics().toJson()));
            case RequestCode.GET_TOPICS_BY_CLUSTER -> context.respond(context.request()
                    .response(ResponseCode.SUCCESS).body(registry.topicsOfCluster(
                            GetTopicsByClusterRequestHeader.from(context.request()).cluster()).toJson()));
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> context.respond(context.request()
                    .response(ResponseCode.SUCCESS).body(registry.systemTopics().toJson()));
            case RequestCode.GET_BROKER_MEMBER_GROUP -> memberGroup(context);
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> {
                DeleteTopicFromNamesrvRequestHeader header = DeleteTopicFromNamesrvRequestHeader.from(
                        context.request());
                registry.deleteTopic(header.topic(), header.clusterName());
                context.respondSuccess();
            }
            default -> throw new IllegalStateException("not a name-server request: " + context.request().code());
        }
    }

    private void route(RequestContext context) {
        GetRouteInfoRequestHeader header = GetRouteInfoRequestHeader.from(context.request());
        Optional<TopicRouteData> route = registry.route(header.topic());
        if (route.isEmpty()) {
            context.respondError(ResponseCode.TOPIC_NOT_EXIST, "No topic route info in name server for the topic: "
                    + header.topic());
            return;
        }
        JsonFlavor flavor = JsonFlavor.forRouteRequest(context.request().version(), header.acceptStandardJsonOnly());
        context.respond(context.request().response(ResponseCode.SUCCESS).body(route.get().toJson(flavor)));
    }

    private void clusterInfo(RequestContext context) {
        JsonFlavor flavor = JsonFlavor.forRouteRequest(context.request().version(), null);
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .body(RemotingJson.encode(registry.clusterInfo(), flavor)));
    }

    private void memberGroup(RequestContext context) {
        GetBrokerMemberGroupRequestHeader header = GetBrokerMemberGroupRequestHeader.from(context.request());
        context.respond(context.request().response(ResponseCode.SUCCESS).body(new GetBrokerMemberGroupResponseBody(
                registry.memberGroup(header.clusterName(), header.brokerName())).toJson()));
    }
}
