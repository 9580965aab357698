package io.tandem.client.consumer;

import io.tandem.client.MqClientException;
import io.tandem.client.internal.Calls;
import io.tandem.client.internal.ClientInstance;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ConsumerListBody;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.header.GetConsumerListByGroupRequestHeader;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides which queues of each subscribed topic this consumer owns (fact sheet 7.4): all of them when
 * broadcasting; when clustering, its share of the average allocation over the group's members as one broker of the
 * topic lists them (GET_CONSUMER_LIST_BY_GROUP). Runs on the rebalance timer and, at most once a second, when a
 * broker reports a membership change. One rebalance runs at a time; thread-safe.
 */
final class Rebalancer {

    /** Applies the decision; called on the rebalancing thread. */
    interface Owner {
        /** This consumer now owns exactly {@code queues} of {@code topic} (empty: none). */
        void assign(String topic, List<MessageQueue> queues);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);
    private static final Duration MIN_GAP = Duration.ofSeconds(1);

    private final ClientInstance instance;
    private final String group;
    private final MessageModel model;
    private final Subscriptions subscriptions;
    private final Owner owner;
    private final Set<String> assignedTopics = new HashSet<>();
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile long lastRunNanos = System.nanoTime() - MIN_GAP.toNanos();
    private boolean stopped;

    Rebalancer(ClientInstance instance, String group, MessageModel model, Subscriptions subscriptions, Owner owner) {
        this.instance = instance;
        this.group = group;
        this.model = model;
        this.subscriptions = subscriptions;
        this.owner = owner;
    }

    /** Asks for a rebalance soon: at once, or one second after the previous one started. */
    void request() {
        if (requested.compareAndSet(false, true)) {
            long sinceLast = System.nanoTime() - lastRunNanos;
            Duration wait = Duration.ofNanos(Math.max(0, MIN_GAP.toNanos() - sinceLast));
            instance.schedule("rebalance of " + group, () -> {
                requested.set(false);
                rebalance();
            }, wait);
        }
    }

    /** Rebalances every subscribed topic now, on the calling thread. */
    synchronized void rebalance() {
        if (stopped || instance.isClosed()) {
            return;
        }
        lastRunNanos = System.nanoTime();
        Set<String> topics = new HashSet<>(subscriptions.topics());
        for (String topic : topics) {
            try {
                rebalance(topic);
            } catch (MqClientException e) {
                LOG.debug("Rebalance of {} for topic {} skipped: {}", group, topic, e.toString());
            }
        }
        for (String gone : new ArrayList<>(assignedTopics)) {
            if (!topics.contains(gone)) {
                owner.assign(gone, List.of());
                assignedTopics.remove(gone);
            }
        }
    }

    /** No rebalance runs after this returns (one in progress is waited for). */
    synchronized void stop() {
        stopped = true;
    }

    private void rebalance(String topic) {
        List<MessageQueue> queues = instance.routes().readableQueues(topic);
        if (queues.isEmpty()) {
            TopicRouteData route = Calls.await(instance.updateRoute(topic));
            queues = route == null ? List.of() : instance.routes().readableQueues(topic);
        }
        List<MessageQueue> mine;
        if (model == MessageModel.BROADCASTING || queues.isEmpty()) {
            mine = queues;
        } else {
            List<String> members = memberIds(topic);
            mine = QueueAllocation.average(queues, members, instance.clientId());
            if (mine.isEmpty() && !members.contains(instance.clientId())) {
                LOG.debug("{} is not (yet) listed as a member of {} for {}: {}", instance.clientId(), group, topic,
                        members);
            }
        }
        owner.assign(topic, mine);
        assignedTopics.add(topic);
    }

    /** The group's members as a broker of {@code topic} knows them, sorted. */
    private List<String> memberIds(String topic) {
        TopicRouteData route = instance.routes().route(topic);
        List<String> masters = new ArrayList<>();
        if (route != null) {
            for (BrokerData broker : route.brokerDatas()) {
                if (broker.masterAddress() != null) {
                    masters.add(broker.masterAddress());
                }
            }
        }
        if (masters.isEmpty()) {
            throw new MqClientException("no broker with a master for topic " + topic);
        }
        String address = masters.get(ThreadLocalRandom.current().nextInt(masters.size()));
        RemotingCommand response = instance.invokeSync(address,
                RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                        .extFields(new GetConsumerListByGroupRequestHeader(group).toExtFields())
                        .build());
        if (response.code() != ResponseCode.SUCCESS) {
            throw Calls.refused(response, address, RequestCode.GET_CONSUMER_LIST_BY_GROUP);
        }
        List<String> ids = new ArrayList<>(ConsumerListBody.fromJson(response.body()).consumerIdList());
        ids.sort(null);
        return ids;
    }
}
