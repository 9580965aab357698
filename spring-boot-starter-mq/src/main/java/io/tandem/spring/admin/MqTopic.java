package io.tandem.spring.admin;

import io.tandem.client.admin.TopicSettings;

/**
 * A topic the application declares, created at startup when the brokers do not know it yet
 * ({@link MqTopicCreator}): from {@code tandem.mq.topics} or from beans of this type, the way Spring Kafka's
 * {@code NewTopic} beans work.
 *
 * <pre>{@code
 * @Bean
 * MqTopic transfers() {
 *     return MqTopic.of("TransferDebited", 8);
 * }
 * }</pre>
 *
 * @param name   the topic name: 1..127 characters of {@code [%|a-zA-Z0-9_-]}
 * @param queues read and write queues on each master broker, 1..1024
 */
public record MqTopic(String name, int queues) {

    /** Queues of a topic declared without a count. */
    public static final int DEFAULT_QUEUES = 4;

    /** @throws IllegalArgumentException naming the invalid name or count */
    public MqTopic {
        TopicSettings.of(name, queues);
    }

    /** A topic with {@value #DEFAULT_QUEUES} queues. */
    public static MqTopic of(String name) {
        return new MqTopic(name, DEFAULT_QUEUES);
    }

    public static MqTopic of(String name, int queues) {
        return new MqTopic(name, queues);
    }

    /**
     * Reads {@code name} or {@code name:queues}, such as {@code Orders} or {@code Orders:8}.
     *
     * @throws IllegalArgumentException naming the declaration and what is wrong with it
     */
    public static MqTopic parse(String declaration) {
        String text = declaration == null ? "" : declaration.strip();
        int colon = text.lastIndexOf(':');
        try {
            if (colon < 0) {
                return of(text);
            }
            String count = text.substring(colon + 1).strip();
            int queues;
            try {
                queues = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the queue count after ':' must be a whole number, was '" + count
                        + "'");
            }
            return of(text.substring(0, colon).strip(), queues);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid topic declaration '" + declaration
                    + "' (expected name or name:queues): " + e.getMessage(), e);
        }
    }

    TopicSettings toSettings() {
        return TopicSettings.of(name, queues);
    }
}
