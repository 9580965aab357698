package io.tandem.spring.support;

/**
 * Names of the Spring message headers that carry Tandem's message fields. On the sending side {@link #KEYS} and
 * {@link #TAGS} become the message's keys and tag; every other header that does not start with {@link #PREFIX}
 * (except Spring's own {@code id} and {@code timestamp}) becomes a user property of the same name. On the receiving
 * side every header below is set from the received message, and every user property becomes a header of the same
 * name.
 */
public final class MqHeaders {

    /** Prefix of every header defined here; headers with it are never sent as user properties. */
    public static final String PREFIX = "tandem_";

    /**
     * The business keys: on send a {@code String}, {@code String[]} or {@code Collection<String>}; on receipt a
     * {@code List<String>}.
     */
    public static final String KEYS = PREFIX + "keys";

    /** The tag ({@code String}); a tag in the destination ({@code topic:tag}) takes precedence on send. */
    public static final String TAGS = PREFIX + "tags";

    /** Received: the message id consumers see, the producer's unique key ({@code String}). */
    public static final String MESSAGE_ID = PREFIX + "messageId";

    /** Received: the topic the producer sent to, also for retried and dead-lettered copies ({@code String}). */
    public static final String TOPIC = PREFIX + "topic";

    /** Received: the broker the copy was read from ({@code String}). */
    public static final String BROKER_NAME = PREFIX + "brokerName";

    /** Received: the queue the copy was read from ({@code Integer}). */
    public static final String QUEUE_ID = PREFIX + "queueId";

    /** Received: the copy's offset in its queue ({@code Long}). */
    public static final String QUEUE_OFFSET = PREFIX + "queueOffset";

    /** Received: how many deliveries of this message failed before this one ({@code Integer}). */
    public static final String RECONSUME_TIMES = PREFIX + "reconsumeTimes";

    /** Received: when the producer sent it, ms since the epoch ({@code Long}). */
    public static final String BORN_TIMESTAMP = PREFIX + "bornTimestamp";

    /** Received: when the broker stored this copy, ms since the epoch ({@code Long}). */
    public static final String STORE_TIMESTAMP = PREFIX + "storeTimestamp";

    /** Received: the client's {@link io.tandem.client.ReceivedMessage} itself. */
    public static final String RAW_MESSAGE = PREFIX + "rawMessage";

    /** Name of the message property that carries the payload's content type ({@code contentType} header). */
    public static final String CONTENT_TYPE_PROPERTY = "contentType";

    private MqHeaders() {
    }
}
