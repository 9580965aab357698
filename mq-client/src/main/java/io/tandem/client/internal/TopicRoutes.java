package io.tandem.client.internal;

import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.Permission;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The route cache of one client: the latest route per topic and the addresses of every broker those routes name.
 * Derives the queues a producer may write (fact sheet 6.1, with the {@code TBW102} template fallback of 7.2) and
 * the queues a consumer may read. Thread-safe: routes are replaced whole, and changes take the cache's lock, so
 * that forgetting unrouted brokers never runs between storing a route's broker addresses and storing the route
 * (it would drop an address the new route needs, and a send to a not yet created topic would never find its broker).
 */
public final class TopicRoutes {

    /** The auto-create template topic (fact sheet 8.2). */
    public static final String TEMPLATE_TOPIC = "TBW102";
    /** Queues a producer asks for when its send auto-creates a topic (fact sheet 2.4, header {@code d}). */
    public static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;

    /** Orders queues the way allocation expects: topic, broker name, queue id. */
    public static final Comparator<MessageQueue> QUEUE_ORDER = Comparator.comparing(MessageQueue::topic)
            .thenComparing(MessageQueue::brokerName)
            .thenComparingInt(MessageQueue::queueId);

    private final Map<String, TopicRouteData> routes = new ConcurrentHashMap<>();
    private final Map<String, PublishQueues> publishQueues = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, String>> brokerAddresses = new ConcurrentHashMap<>();

    /**
     * Stores the route of {@code topic} and the addresses of its brokers.
     *
     * @return the addresses of brokers this cache did not know before
     */
    synchronized Set<String> put(String topic, TopicRouteData route) {
        Set<String> added = new TreeSet<>();
        for (BrokerData broker : route.brokerDatas()) {
            Map<Long, String> before = brokerAddresses.put(broker.brokerName(), broker.brokerAddrs());
            for (String address : broker.brokerAddrs().values()) {
                if (before == null || !before.containsValue(address)) {
                    added.add(address);
                }
            }
        }
        TopicRouteData previous = routes.put(topic, route);
        if (!route.equals(previous) || !publishQueues.containsKey(topic)
                || publishQueues.get(topic).fromTemplate()) {
            publishQueues.put(topic, new PublishQueues(writableQueues(topic, route, false), false));
        }
        return added;
    }

    /** Uses the template's route for a topic that has none yet, unless the topic got a real route meanwhile. */
    synchronized Set<String> putFromTemplate(String topic, TopicRouteData template) {
        Set<String> added = new TreeSet<>();
        for (BrokerData broker : template.brokerDatas()) {
            Map<Long, String> before = brokerAddresses.putIfAbsent(broker.brokerName(), broker.brokerAddrs());
            if (before == null) {
                added.addAll(broker.brokerAddrs().values());
            }
        }
        publishQueues.computeIfAbsent(topic, name -> new PublishQueues(
                writableQueues(name, template, true), true));
        return added;
    }

    /** Forgets the route of a topic that no longer exists. */
    synchronized void remove(String topic) {
        routes.remove(topic);
        PublishQueues publish = publishQueues.get(topic);
        if (publish != null && !publish.fromTemplate()) {
            publishQueues.remove(topic);
        }
    }

    /**
     * Forgets the addresses of brokers that no cached route or publish queue names any more (a broker group that
     * left the cluster), so that they are no longer heartbeated.
     *
     * @return the addresses forgotten
     */
    synchronized Set<String> forgetUnroutedBrokers() {
        Set<String> named = new TreeSet<>();
        routes.values().forEach(route -> route.brokerDatas().forEach(broker -> named.add(broker.brokerName())));
        publishQueues.values().forEach(publish -> publish.queues().forEach(queue -> named.add(queue.brokerName())));
        Set<String> forgotten = new TreeSet<>();
        brokerAddresses.entrySet().removeIf(entry -> {
            if (named.contains(entry.getKey())) {
                return false;
            }
            forgotten.addAll(entry.getValue().values());
            return true;
        });
        return forgotten;
    }

    /** The cached route, or null. */
    public TopicRouteData route(String topic) {
        return routes.get(topic);
    }

    /** Queues a producer may send {@code topic} to, or null when neither its route nor the template is known. */
    public PublishQueues publishQueues(String topic) {
        return publishQueues.get(topic);
    }

    /** Readable queues of {@code topic}, sorted; empty when the route is unknown. */
    public List<MessageQueue> readableQueues(String topic) {
        TopicRouteData route = routes.get(topic);
        if (route == null) {
            return List.of();
        }
        List<MessageQueue> queues = new ArrayList<>();
        for (QueueData queueData : route.queueDatas()) {
            if (Permission.isReadable(queueData.perm())) {
                for (int queueId = 0; queueId < queueData.readQueueNums(); queueId++) {
                    queues.add(new MessageQueue(topic, queueData.brokerName(), queueId));
                }
            }
        }
        queues.sort(QUEUE_ORDER);
        return List.copyOf(queues);
    }

    /** The master address of {@code brokerName}, or null when unknown. */
    public String masterAddress(String brokerName) {
        Map<Long, String> addresses = brokerAddresses.get(brokerName);
        return addresses == null ? null : addresses.get(BrokerData.MASTER_ID);
    }

    /** The master address of every known broker, by broker name. */
    public Map<String, String> masterAddresses() {
        Map<String, String> masters = new HashMap<>();
        brokerAddresses.forEach((name, addresses) -> {
            String master = addresses.get(BrokerData.MASTER_ID);
            if (master != null) {
                masters.put(name, master);
            }
        });
        return masters;
    }

    /** Every topic with a cached route or publish queues. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>(routes.keySet());
        topics.addAll(publishQueues.keySet());
        return topics;
    }

    /**
     * Queues 0..writeQueueNums-1 of every writable broker with a master, or those of {@code orderTopicConf}; from
     * the template, min(4, readQueueNums) per broker (fact sheet 7.2).
     */
    private static List<MessageQueue> writableQueues(String topic, TopicRouteData route, boolean template) {
        Map<String, Integer> ordered = parseOrderConf(route.orderTopicConf());
        Set<String> masters = new TreeSet<>();
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.masterAddress() != null) {
                masters.add(broker.brokerName());
            }
        }
        List<MessageQueue> queues = new ArrayList<>();
        if (!ordered.isEmpty()) {
            ordered.forEach((brokerName, count) -> {
                for (int queueId = 0; queueId < count; queueId++) {
                    queues.add(new MessageQueue(topic, brokerName, queueId));
                }
            });
            return List.copyOf(queues);
        }
        List<QueueData> queueDatas = new ArrayList<>(route.queueDatas());
        queueDatas.sort(Comparator.comparing(QueueData::brokerName));
        for (QueueData queueData : queueDatas) {
            if (!Permission.isWriteable(queueData.perm()) || !masters.contains(queueData.brokerName())) {
                continue;
            }
            int count = template
                    ? Math.min(DEFAULT_TOPIC_QUEUE_NUMS, queueData.readQueueNums()) : queueData.writeQueueNums();
            for (int queueId = 0; queueId < count; queueId++) {
                queues.add(new MessageQueue(topic, queueData.brokerName(), queueId));
            }
        }
        return List.copyOf(queues);
    }

    private static Map<String, Integer> parseOrderConf(String orderTopicConf) {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        if (orderTopicConf == null || orderTopicConf.isBlank()) {
            return ordered;
        }
        for (String entry : orderTopicConf.split(";")) {
            int colon = entry.indexOf(':');
            if (colon > 0) {
                try {
                    ordered.put(entry.substring(0, colon).strip(),
                            Integer.parseInt(entry.substring(colon + 1).strip()));
                } catch (NumberFormatException ignored) {
                    // a malformed entry publishes nothing to that broker, as the reference client does
                }
            }
        }
        return ordered;
    }

    /**
     * The queues a producer may write for one topic, with the round-robin position shared by its sends.
     *
     * @param queues       writable queues in broker-name order
     * @param fromTemplate true while the topic has no route of its own and the {@code TBW102} template stands in
     */
    public record PublishQueues(List<MessageQueue> queues, boolean fromTemplate,
                                AtomicInteger position) {

        public PublishQueues {
            Objects.requireNonNull(queues, "queues");
        }

        PublishQueues(List<MessageQueue> queues, boolean fromTemplate) {
            this(queues, fromTemplate, new AtomicInteger(
                    ThreadLocalRandom.current().nextInt(1 << 16)));
        }

        /**
         * The next queue round-robin, avoiding {@code avoidBroker} (the broker of a failed previous attempt) when
         * another broker is available; null when there is no queue.
         */
        public MessageQueue next(String avoidBroker) {
            if (queues.isEmpty()) {
                return null;
            }
            for (int i = 0; i < queues.size(); i++) {
                MessageQueue queue = queues.get(Math.floorMod(position.getAndIncrement(), queues.size()));
                if (avoidBroker == null || !queue.brokerName().equals(avoidBroker)) {
                    return queue;
                }
            }
            return queues.get(Math.floorMod(position.getAndIncrement(), queues.size()));
        }
    }
}
