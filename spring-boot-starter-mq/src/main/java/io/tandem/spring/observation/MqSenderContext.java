package io.tandem.spring.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.tandem.client.Message;
import io.tandem.client.SendResult;
import io.tandem.spring.support.MqDestination;

import java.util.List;
import java.util.Objects;

/**
 * The context of a {@link MqObservation#SEND} observation: where the message goes and the messages being built. Its
 * carrier is the list of message builders (one, or the members of a batch); propagation writes the trace context into
 * each of them as user properties, before they are built and sent.
 *
 * <p>Not thread-safe: an observation's handlers run one after the other.
 */
public final class MqSenderContext extends SenderContext<List<Message.Builder>> {

    private final MqDestination destination;
    private SendResult sendResult;

    /**
     * @param destination where the messages go
     * @param messages    the builders of the messages of one send; trace properties are added to them
     */
    public MqSenderContext(MqDestination destination, List<Message.Builder> messages) {
        super((carrier, name, value) -> {
            if (carrier != null) {
                carrier.forEach(message -> message.property(name, value));
            }
        }, Kind.PRODUCER);
        this.destination = Objects.requireNonNull(destination, "destination");
        setCarrier(List.copyOf(messages));
        setRemoteServiceName("tandem");
    }

    /** Where the messages go. */
    public MqDestination destination() {
        return destination;
    }

    /** The broker's answer once the send succeeded; null before, for oneway sends and after a failure. */
    public SendResult sendResult() {
        return sendResult;
    }

    /** Records the broker's answer; called by the template when the send succeeded. */
    public void setSendResult(SendResult sendResult) {
        this.sendResult = sendResult;
    }
}
