package io.tandem.server.consume;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.tandem.server.remoting.ClientConnection;
import io.tandem.server.remoting.RemotingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who is connected: the members of every consumer and producer group, learnt from heartbeats and forgotten on
 * unregister, connection close or after the expiry time without a heartbeat. Members of a consumer group are told
 * (NOTIFY_CONSUMER_IDS_CHANGED, oneway) whenever the membership changes, so they rebalance at once.
 * Thread-safe.
 */
public final class ClientRegistry implements RemotingServer.ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);

    /** One client instance in a group, on one connection. */
    public record Member(String clientId, ClientConnection connection, long lastHeartbeatMs) {
    }

    /** A consumer group as its members describe it. */
    public static final class ConsumerGroup {
        private final String name;
        private final Map<String, Member> members = new ConcurrentHashMap<>();
        private volatile Map<String, SubscriptionData> subscriptions = Map.of();
        private volatile MessageModel messageModel = MessageModel.CLUSTERING;
        private volatile ConsumerData lastData;

        ConsumerGroup(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public SubscriptionData subscription(String topic) {
            return subscriptions.get(topic);
        }

        public Map<String, SubscriptionData> subscriptions() {
            return subscriptions;
        }

        public MessageModel messageModel() {
            return messageModel;
        }

        public ConsumerData lastData() {
            return lastData;
        }

        public Collection<Member> members() {
            return members.values();
        }

        public List<String> clientIds() {
            List<String> ids = new ArrayList<>(members.keySet());
            ids.sort(null);
            return ids;
        }
    }

    private final Map<String, ConsumerGroup> consumerGroups = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Member>> producerGroups = new ConcurrentHashMap<>();
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextOpaque = new AtomicInteger();
    private final Clock clock;
    private final Duration expiry;

    public ClientRegistry(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    /** Records a consumer heartbeat; notifies the group's members if the membership or subscriptions changed. */
    public void registerConsumer(String clientId, ClientConnection connection, ConsumerData data) {
        ConsumerGroup group = consumerGroups.computeIfAbsent(data.groupName(), ConsumerGroup::new);
        boolean changed;
        synchronized (group) {
            Member previous = group.members.put(clientId, new Member(clientId, connection, clock.millis()));
            changed = previous == null || previous.connection() != connection;
            Map<String, SubscriptionData> subscriptions = new HashMap<>();
            for (SubscriptionData subscription : data.subscriptionDataSet()) {
                subscriptions.put(subscription.topic(), subscription);
            }
            if (!data.subscriptionDataSet().isEmpty() && !subscriptions.equals(group.subscriptions)) {
                group.subscriptions = Map.copyOf(subscriptions);
                changed = true;
            }
            if (data.messageModel() != null) {
                group.messageModel = data.messageModel();
            }
            group.lastData = data;
        }
        if (changed) {
            notifyMembers(group);
        }
    }

    public void registerProducer(String group, String clientId, ClientConnection connection) {
        producerGroups.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .put(clientId, new Member(clientId, connection, clock.millis()));
    }

    public void unregisterConsumer(String group, String clientId) {
        ConsumerGroup consumers = consumerGroups.get(group);
        if (consumers != null && consumers.members.remove(clientId) != null) {
            notifyMembers(consumers);
        }
    }

    public void unregisterProducer(String group, String clientId) {
        Map<String, Member> producers = producerGroups.get(group);
        if (producers != null) {
            producers.remove(clientId);
        }
    }

    public ConsumerGroup consumerGroup(String group) {
        return consumerGroups.get(group);
    }

    public Collection<ConsumerGroup> consumerGroups() {
        return List.copyOf(consumerGroups.values());
    }

    /** Live connections of a producer group, the most recently heard first. */
    public List<Member> producers(String group) {
        Map<String, Member> producers = producerGroups.get(group);
        if (producers == null) {
            return List.of();
        }
        List<Member> live = new ArrayList<>();
        for (Member member : producers.values()) {
            if (member.connection().isActive()) {
                live.add(member);
            }
        }
        live.sort((a, b) -> Long.compare(b.lastHeartbeatMs(), a.lastHeartbeatMs()));
        return live;
    }

    public int connectionCount() {
        return connections.size();
    }

    @Override
    public void opened(ClientConnection connection) {
        connections.add(connection);
    }

    @Override
    public void closed(ClientConnection connection) {
        connections.remove(connection);
        for (ConsumerGroup group : consumerGroups.values()) {
            if (group.members.values().removeIf(member -> member.connection() == connection)) {
                notifyMembers(group);
            }
        }
        for (Map<String, Member> producers : producerGroups.values()) {
            producers.values().removeIf(member -> member.connection() == connection);
        }
    }

    /** Forgets members not heard from within the expiry time; run periodically. */
    public void expireSilentClients() {
        long cutoff = clock.millis() - expiry.toMillis();
        for (ConsumerGroup group : consumerGroups.values()) {
            if (group.members.values().removeIf(member -> member.lastHeartbeatMs() < cutoff)) {
                LOG.info("consumer group {}: dropped members silent for more than {}", group.name, expiry);
                notifyMembers(group);
            }
        }
        for (Map<String, Member> producers : producerGroups.values()) {
            producers.values().removeIf(member -> member.lastHeartbeatMs() < cutoff);
        }
    }

    private void notifyMembers(ConsumerGroup group) {
        RemotingCommand.Builder notification = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                .extFields(new NotifyConsumerIdsChangedRequestHeader(group.name).toExtFields())
                .oneway();
        for (Member member : group.members.values()) {
            if (member.connection().isActive()) {
                member.connection().write(notification.opaque(nextOpaque.getAndIncrement()).build());
            }
        }
    }
}
