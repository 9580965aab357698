package io.tandem.bench.e2e.driver;

import io.tandem.bench.e2e.ClientKind;
import io.tandem.bench.e2e.Credentials;
import io.tandem.bench.e2e.Security;

import java.time.Duration;
import java.util.List;

/**
 * One client library talking to one broker: creates topics, producers and consumers. The load generator drives every
 * broker through this interface, so that what differs between two runs of a workload is the broker and its client,
 * and nothing in the generator.
 *
 * <p>Implementations are thread-safe; their producers and consumers are too.
 */
public interface Driver extends AutoCloseable {

    /** Every send waits at most this long for its acknowledgement before counting as failed. */
    Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Creates {@code topic} with {@code queues} queues (partitions), and returns once producers and consumers can
     * use it.
     */
    void createTopic(String topic, int queues) throws Exception;

    /**
     * A new producer client.
     *
     * @param transactional whether it sends transactional messages (committed right after each half is stored)
     */
    DriverProducer createProducer(String name, boolean transactional) throws Exception;

    /**
     * A new consumer client in {@code group}, subscribed to {@code topics} from their first message, that passes
     * every message body it receives to {@code onMessage} (from its own threads) and then acknowledges it.
     */
    DriverConsumer createConsumer(String name, String group, List<String> topics, MessageHandler onMessage)
            throws Exception;

    @Override
    void close();

    /** The driver of {@code client}, connected to {@code endpoint}. */
    static Driver open(ClientKind client, String endpoint) {
        return open(client, endpoint, Security.NONE, null);
    }

    /**
     * The driver of {@code client}, connected to {@code endpoint} with {@code security}.
     *
     * @param credentials what a signed driver signs its requests with; null unless {@code security} is signed
     * @throws IllegalArgumentException when the client is not the RocketMQ client and {@code security} is not
     *                                  {@link Security#NONE}
     */
    static Driver open(ClientKind client, String endpoint, Security security, Credentials credentials) {
        return open(client, endpoint, security, credentials, 1);
    }

    /**
     * The driver of {@code client}, connected to {@code endpoint} with {@code security}, creating topics with their
     * queues spread evenly over {@code groups} broker groups.
     *
     * @throws IllegalArgumentException as {@link #open(ClientKind, String, Security, Credentials)}, and when several
     *                                  groups are asked of another client than the RocketMQ client
     */
    static Driver open(ClientKind client, String endpoint, Security security, Credentials credentials, int groups) {
        if (security != Security.NONE && client != ClientKind.ROCKETMQ) {
            throw new IllegalArgumentException("signatures and TLS are measured with the RocketMQ client only");
        }
        if (groups != 1 && client != ClientKind.ROCKETMQ) {
            throw new IllegalArgumentException("several broker groups are measured with the RocketMQ client only");
        }
        return switch (client) {
            case ROCKETMQ -> new RocketMqDriver(endpoint, security, credentials, groups);
            case KAFKA -> new KafkaDriver(endpoint);
            case TANDEM -> new TandemDriver(endpoint);
        };
    }

    /** Receives message bodies; called concurrently. */
    @FunctionalInterface
    interface MessageHandler {
        void onMessage(byte[] body);
    }
}
