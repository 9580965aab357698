package io.tandem.server.auth;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.HeartbeatData;
import io.tandem.protocol.body.LockBatchRequestBody;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.body.SubscriptionGroupConfig;
import io.tandem.protocol.body.UnlockBatchRequestBody;
import io.tandem.server.metadata.TopicNames;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a request needs to be allowed: for each resource it touches, one of a set of actions. The mapping is ACL
 * 2.0's for the requests clients send (send: Pub on the topic; pull: Sub on the topic and the group; a retry topic
 * stands for its group), with three deliberate differences, all stricter: listings without a named resource
 * (all topics, all groups, cluster info) need List or Get on the cluster instead of nothing; creating a
 * subscription group needs Create on the group; and every request not listed here (Tandem's transaction
 * coordinator requests, requests added later) needs Update on the cluster, or Get for the read-only ones.
 *
 * <p>A request with an empty answer needs only to be authenticated (heartbeats of producers, client-config checks,
 * END_TRANSACTION without a topic, as in ACL 2.0, and END_TRANSACTION answering a check-back, which names the half
 * topic: ACL 2.0 would ask for Pub on {@code RMQ_SYS_TRANS_HALF_TOPIC} there, which no one should be granted).
 *
 * <p>Header fields are read by their wire keys without the typed headers: a missing field yields an empty name that
 * no exact entry covers, and the request's processor then names the missing field.
 */
final class RequestAccess {

    /** One resource and the actions any one of which allows the request to touch it. */
    record Need(Resource resource, Set<Action> anyOf) {
    }

    private static final String TOPIC = "topic";
    private static final String GROUP = "group";
    private static final String CONSUMER_GROUP = "consumerGroup";
    private static final String GROUP_NAME = "groupName";
    /** SEND_MESSAGE_V2 short keys: {@code a} producer group, {@code b} topic. */
    private static final String V2_GROUP = "a";
    private static final String V2_TOPIC = "b";

    private RequestAccess() {
    }

    /**
     * @throws io.tandem.protocol.ProtocolException if a body the decision depends on is not valid JSON
     */
    static List<Need> of(RemotingCommand request, String clusterName) {
        List<Need> needs = new ArrayList<>(2);
        switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> {
                String topic = field(request, TOPIC);
                if (TopicNames.isRetryTopic(topic)) {
                    needs.add(new Need(Resource.group(topic), EnumSet.of(Action.SUB, Action.GET)));
                } else {
                    needs.add(new Need(Resource.topic(topic), EnumSet.of(Action.PUB, Action.SUB, Action.GET)));
                }
            }
            case RequestCode.SEND_MESSAGE -> send(needs, field(request, TOPIC), field(request, GROUP));
            case RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE ->
                    send(needs, field(request, V2_TOPIC), field(request, V2_GROUP));
            case RequestCode.END_TRANSACTION -> {
                // Answers to check-backs name the half topic (the reference broker's checks do), not the user's.
                String topic = field(request, TOPIC);
                if (!topic.isBlank() && !topic.equals(TopicNames.HALF_TOPIC)) {
                    needs.add(new Need(Resource.topic(topic), EnumSet.of(Action.PUB)));
                }
            }
            case RequestCode.CONSUMER_SEND_MSG_BACK ->
                    needs.add(new Need(Resource.group(field(request, GROUP)), EnumSet.of(Action.SUB)));
            case RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE -> {
                topicUnlessRetry(needs, field(request, TOPIC), EnumSet.of(Action.SUB));
                needs.add(new Need(Resource.group(field(request, CONSUMER_GROUP)), EnumSet.of(Action.SUB)));
            }
            case RequestCode.QUERY_MESSAGE ->
                    needs.add(new Need(Resource.topic(field(request, TOPIC)), EnumSet.of(Action.SUB, Action.GET)));
            case RequestCode.VIEW_MESSAGE_BY_ID -> {
                String topic = field(request, TOPIC);
                needs.add(topic.isBlank()
                        ? new Need(Resource.cluster(clusterName), EnumSet.of(Action.GET))
                        : topicOrGroup(topic, EnumSet.of(Action.GET)));
            }
            case RequestCode.HEART_BEAT -> heartbeat(needs, request);
            case RequestCode.UNREGISTER_CLIENT -> {
                String group = field(request, CONSUMER_GROUP);
                if (!group.isBlank()) {
                    needs.add(new Need(Resource.group(group), EnumSet.of(Action.SUB)));
                }
            }
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> needs.add(
                    new Need(Resource.group(field(request, CONSUMER_GROUP)), EnumSet.of(Action.SUB, Action.GET)));
            case RequestCode.QUERY_CONSUMER_OFFSET -> {
                topicUnlessRetry(needs, field(request, TOPIC), EnumSet.of(Action.SUB, Action.GET));
                needs.add(new Need(Resource.group(field(request, CONSUMER_GROUP)),
                        EnumSet.of(Action.SUB, Action.GET)));
            }
            case RequestCode.UPDATE_CONSUMER_OFFSET -> {
                topicUnlessRetry(needs, field(request, TOPIC), EnumSet.of(Action.SUB, Action.UPDATE));
                needs.add(new Need(Resource.group(field(request, CONSUMER_GROUP)),
                        EnumSet.of(Action.SUB, Action.UPDATE)));
            }
            case RequestCode.LOCK_BATCH_MQ -> {
                LockBatchRequestBody body = LockBatchRequestBody.fromJson(request.body());
                queues(needs, body.consumerGroup(), body.mqSet());
            }
            case RequestCode.UNLOCK_BATCH_MQ -> {
                UnlockBatchRequestBody body = UnlockBatchRequestBody.fromJson(request.body());
                queues(needs, body.consumerGroup(), body.mqSet());
            }
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET,
                 RequestCode.GET_EARLIEST_MSG_STORETIME, RequestCode.GET_TOPIC_STATS_INFO ->
                    needs.add(topicOrGroup(field(request, TOPIC), EnumSet.of(Action.GET)));
            case RequestCode.CHECK_CLIENT_CONFIG -> {
                // Validates a filter expression; touches nothing.
            }
            case RequestCode.UPDATE_AND_CREATE_TOPIC ->
                    needs.add(new Need(Resource.topic(field(request, TOPIC)), EnumSet.of(Action.CREATE)));
            case RequestCode.DELETE_TOPIC_IN_BROKER ->
                    needs.add(new Need(Resource.topic(field(request, TOPIC)), EnumSet.of(Action.DELETE)));
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> needs.add(new Need(
                    Resource.group(SubscriptionGroupConfig.fromJson(request.body()).groupName()),
                    EnumSet.of(Action.CREATE)));
            case RequestCode.DELETE_SUBSCRIPTIONGROUP ->
                    needs.add(new Need(Resource.group(field(request, GROUP_NAME)), EnumSet.of(Action.DELETE)));
            case RequestCode.GET_CONSUMER_CONNECTION_LIST ->
                    needs.add(new Need(Resource.group(field(request, CONSUMER_GROUP)), EnumSet.of(Action.GET)));
            case RequestCode.GET_CONSUME_STATS -> {
                needs.add(new Need(Resource.group(field(request, CONSUMER_GROUP)), EnumSet.of(Action.GET)));
                String topic = field(request, TOPIC);
                if (!topic.isBlank()) {
                    needs.add(topicOrGroup(topic, EnumSet.of(Action.GET)));
                }
            }
            case RequestCode.GET_ALL_TOPIC_CONFIG, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                 RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.AUTH_LIST_USER,
                 RequestCode.AUTH_LIST_ACL ->
                    needs.add(new Need(Resource.cluster(clusterName), EnumSet.of(Action.LIST, Action.GET)));
            case RequestCode.GET_BROKER_CLUSTER_INFO, RequestCode.AUTH_GET_USER, RequestCode.AUTH_GET_ACL,
                 RequestCode.TANDEM_LIST_HALVES, RequestCode.TANDEM_HALF_DECISIONS ->
                    needs.add(new Need(Resource.cluster(clusterName), EnumSet.of(Action.GET)));
            default -> needs.add(new Need(Resource.cluster(clusterName), EnumSet.of(Action.UPDATE)));
        }
        return needs;
    }

    private static void send(List<Need> needs, String topic, String producerGroup) {
        if (TopicNames.isRetryTopic(topic)) {
            // A consumer re-sending to its retry topic: its group, not a topic, is what it touches.
            needs.add(new Need(Resource.group(producerGroup.isBlank() ? topic : producerGroup), EnumSet.of(Action.SUB)));
        } else {
            needs.add(new Need(Resource.topic(topic), EnumSet.of(Action.PUB)));
        }
    }

    private static void topicUnlessRetry(List<Need> needs, String topic, Set<Action> anyOf) {
        if (!TopicNames.isRetryTopic(topic)) {
            needs.add(new Need(Resource.topic(topic), anyOf));
        }
    }

    private static Need topicOrGroup(String topic, Set<Action> anyOf) {
        return TopicNames.isRetryTopic(topic) || TopicNames.isDlqTopic(topic)
                ? new Need(Resource.group(topic), anyOf)
                : new Need(Resource.topic(topic), anyOf);
    }

    private static void heartbeat(List<Need> needs, RemotingCommand request) {
        HeartbeatData data = HeartbeatData.fromJson(request.body());
        for (ConsumerData consumer : data.consumerDataSet()) {
            needs.add(new Need(Resource.group(consumer.groupName()), EnumSet.of(Action.SUB)));
            if (consumer.subscriptionDataSet() == null) {
                continue;
            }
            for (SubscriptionData subscription : consumer.subscriptionDataSet()) {
                topicUnlessRetry(needs, subscription.topic(), EnumSet.of(Action.SUB));
            }
        }
    }

    private static void queues(List<Need> needs, String group, Set<MessageQueue> queues) {
        needs.add(new Need(Resource.group(group == null ? "" : group), EnumSet.of(Action.SUB)));
        if (queues != null) {
            for (MessageQueue queue : queues) {
                topicUnlessRetry(needs, queue.topic(), EnumSet.of(Action.SUB));
            }
        }
    }

    private static String field(RemotingCommand request, String key) {
        String value = request.extField(key);
        return value == null ? "" : value;
    }
}
