package io.tandem.console.message;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.TopicNotFoundException;
import io.tandem.client.admin.AdminClient;
import io.tandem.console.cluster.ClusterAccess;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.route.BrokerData;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finds messages the way operators look for them: by topic and store-time range, by business key, by message id
 * (the producer's UNIQ_KEY, or the broker's offset message id). Reads through the admin client; finds nothing that
 * the broker's index and queues do not hold.
 *
 * <p>An offset message id names a broker address: it is read only when that address is one of the cluster's brokers,
 * so an id typed into the console never makes it connect anywhere else.
 */
public final class MessageSearch {

    /** The largest number of messages one search returns. */
    public static final int MAX_RESULTS = 500;

    private final ClusterAccess cluster;

    public MessageSearch(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    /** Messages of {@code topic} stored in [{@code begin}, {@code end}), oldest first, at most {@code max}. */
    public List<ReceivedMessage> byTime(String topic, Instant begin, Instant end, int max) {
        requireTopic(topic);
        requireRange(begin, end);
        return admin().queryByTime(topic, begin, end, Math.min(max, MAX_RESULTS));
    }

    /** Messages of {@code topic} with business key {@code key} stored in the range, newest first. */
    public List<ReceivedMessage> byKey(String topic, String key, Instant begin, Instant end, int max) {
        requireTopic(topic);
        requireRange(begin, end);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a key search needs the key");
        }
        return admin().queryByKey(topic, key.strip(), Math.min(max, MAX_RESULTS), begin, end);
    }

    /**
     * The stored copies of the message with id {@code id}: the record at a broker offset message id, or every copy
     * of {@code topic} with that UNIQ_KEY stored in the range (newest first). An empty topic is allowed only for an
     * offset message id.
     *
     * @throws IllegalArgumentException if the id is blank, or is no broker's offset id and no topic is given
     */
    public List<ReceivedMessage> byId(String topic, String id, Instant begin, Instant end) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an id search needs the message id");
        }
        String trimmed = id.strip();
        Optional<ReceivedMessage> atOffset = atBrokerOffset(trimmed);
        if (atOffset.isPresent()) {
            return List.of(atOffset.get());
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(trimmed + " is not the offset message id of one of the cluster's "
                    + "brokers: give the topic to find it as a producer's message id (UNIQ_KEY)");
        }
        requireRange(begin, end);
        try {
            return admin().queryByUniqueKey(topic.strip(), trimmed, begin, end);
        } catch (TopicNotFoundException e) {
            throw new IllegalArgumentException("topic " + topic.strip() + " does not exist");
        }
    }

    /**
     * The message at a broker offset message id of one of the cluster's brokers.
     *
     * @throws IllegalArgumentException if the id is not such an id
     */
    public ReceivedMessage view(String offsetMessageId) {
        return atBrokerOffset(offsetMessageId).orElseThrow(() -> new IllegalArgumentException(offsetMessageId
                + " is not the offset message id of one of the cluster's brokers"));
    }

    /** The message at {@code id} when it decodes as an offset message id naming one of the cluster's brokers. */
    public Optional<ReceivedMessage> atBrokerOffset(String id) {
        OffsetMessageId decoded;
        try {
            decoded = OffsetMessageId.decode(id);
        } catch (ProtocolException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!isClusterBroker(decoded.storeHost())) {
            return Optional.empty();
        }
        try {
            return Optional.of(admin().viewMessage(id));
        } catch (io.tandem.client.MqBrokerException e) {
            return Optional.empty();
        }
    }

    private boolean isClusterBroker(InetSocketAddress storeHost) {
        String ip = storeHost.getAddress().getHostAddress();
        for (BrokerData broker : admin().clusterInfo().brokerAddrTable().values()) {
            for (String address : broker.brokerAddrs().values()) {
                int colon = address.lastIndexOf(':');
                if (colon < 0 || !address.substring(colon + 1).equals(Integer.toString(storeHost.getPort()))) {
                    continue;
                }
                String host = address.substring(0, colon);
                try {
                    if (host.equals(ip) || InetAddress.getByName(host).getHostAddress().equals(ip)) {
                        return true;
                    }
                } catch (UnknownHostException e) {
                    // an unresolvable broker host matches no id
                }
            }
        }
        return false;
    }

    private AdminClient admin() {
        return cluster.admin();
    }

    private static void requireTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("the search needs a topic");
        }
    }

    private static void requireRange(Instant begin, Instant end) {
        if (!begin.isBefore(end)) {
            throw new IllegalArgumentException("the time range is empty: " + begin + " is not before " + end);
        }
    }
}
