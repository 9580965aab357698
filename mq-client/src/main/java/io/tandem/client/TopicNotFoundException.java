package io.tandem.client;

/**
 * The name servers know no route for a topic (response TOPIC_NOT_EXIST), and for a producer not even the
 * auto-create template {@code TBW102}, so there is no broker to send to or read from.
 */
public final class TopicNotFoundException extends MqClientException {

    private final String topic;

    public TopicNotFoundException(String topic, String detail) {
        super("no route for topic '" + topic + "'" + (detail == null ? "" : ": " + detail));
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
