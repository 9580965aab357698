package io.tandem.server.trace;

import io.tandem.protocol.trace.TraceDescriptor;
import io.tandem.server.metadata.TopicNames;

import java.util.Objects;

/**
 * Message trace on the broker.
 *
 * @param topic         the trace topic the broker keeps (created at start, so clients with message trace on can write
 *                      to it even when automatic topic creation is off) and writes its own records to
 * @param brokerRecords whether the broker records what it did with each message (stored, redelivered, dead-lettered,
 *                      half stored, decided) as trace records of its own; costs about one extra small append per
 *                      message, so it is off by default
 */
public record TraceSettings(String topic, boolean brokerRecords) {

    /** The clients' default trace topic, broker records off. */
    public static final TraceSettings DEFAULT = new TraceSettings(TraceDescriptor.DEFAULT_TOPIC, false);

    public TraceSettings {
        Objects.requireNonNull(topic, "topic");
        String problem = TopicNames.checkTopic(topic);
        if (problem != null) {
            throw new IllegalArgumentException("trace topic: " + problem);
        }
        if (TopicNames.RESERVED.contains(topic) || TopicNames.isRetryTopic(topic) || TopicNames.isDlqTopic(topic)) {
            throw new IllegalArgumentException("trace topic " + topic + " is a topic the broker uses otherwise");
        }
    }
}
