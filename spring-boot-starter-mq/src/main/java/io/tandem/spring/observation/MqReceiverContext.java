package io.tandem.spring.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.tandem.client.ReceivedMessage;

import java.util.Objects;

/**
 * The context of a {@link MqObservation#PROCESS} observation: the received message and the listener that is called
 * with it. Propagation reads the trace context from the message's user properties, so the listener's span continues
 * the producer's trace.
 *
 * <p>Not thread-safe: an observation's handlers run one after the other.
 */
public final class MqReceiverContext extends ReceiverContext<ReceivedMessage> {

    private final String listenerId;
    private final String group;

    /**
     * @param message    the message the listener is called with
     * @param listenerId the listener endpoint's id ({@code <id>.dlq} for a dead-letter handler)
     * @param group      the consumer group the message was read by
     */
    public MqReceiverContext(ReceivedMessage message, String listenerId, String group) {
        super((carrier, name) -> carrier.property(name), Kind.CONSUMER);
        setCarrier(Objects.requireNonNull(message, "message"));
        this.listenerId = Objects.requireNonNull(listenerId, "listenerId");
        this.group = Objects.requireNonNull(group, "group");
        setRemoteServiceName("tandem");
    }

    /** The received message. */
    public ReceivedMessage message() {
        return getCarrier();
    }

    /** The listener endpoint's id ({@code <id>.dlq} for a dead-letter handler). */
    public String listenerId() {
        return listenerId;
    }

    /** The consumer group the message was read by. */
    public String group() {
        return group;
    }
}
