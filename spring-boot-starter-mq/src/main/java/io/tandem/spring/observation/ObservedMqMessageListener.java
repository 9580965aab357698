package io.tandem.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.tandem.client.ReceivedMessage;
import io.tandem.spring.listener.MqMessageListener;

import java.util.Objects;

/**
 * Calls a listener inside a {@link MqObservation#PROCESS} observation, so the call is timed and, with tracing, runs in
 * a consumer span that continues the trace the message carries. A listener reports
 * {@linkplain MqObservation.Events#REDELIVERY redeliveries} and the {@linkplain MqObservation.Events#DEAD_LETTER
 * failures that send a message to the dead-letter queue}; a dead-letter handler reports neither, since its messages
 * carry the failed deliveries of the original listener.
 *
 * <p>Exceptions of the listener are recorded and rethrown unchanged. Thread-safe when the listener is.
 */
public final class ObservedMqMessageListener implements MqMessageListener {

    /** {@link #deadLetterAfter} of listeners whose failed messages never go to a dead-letter queue. */
    private static final int NEVER = Integer.MAX_VALUE;

    private final MqMessageListener delegate;
    private final String listenerId;
    private final String group;
    private final boolean redeliveries;
    private final int deadLetterAfter;
    private final ObservationRegistry registry;
    private final MqListenerObservationConvention convention;

    private ObservedMqMessageListener(MqMessageListener delegate, String listenerId, String group,
                                      boolean redeliveries, int deadLetterAfter, ObservationRegistry registry,
                                      MqListenerObservationConvention convention) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.listenerId = Objects.requireNonNull(listenerId, "listenerId");
        this.group = Objects.requireNonNull(group, "group");
        this.redeliveries = redeliveries;
        this.deadLetterAfter = deadLetterAfter;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    /**
     * Observes the listener of an endpoint.
     *
     * @param maxReconsumeTimes the reconsume limit in effect: a failure on a message with this many failed deliveries
     *                          sends it to the dead-letter queue; negative when failed messages are never
     *                          dead-lettered (broadcasting consumers drop them)
     * @param convention        the application's convention, or null for the default one
     */
    public static ObservedMqMessageListener listener(MqMessageListener listener, String listenerId, String group,
                                                     int maxReconsumeTimes, ObservationRegistry registry,
                                                     MqListenerObservationConvention convention) {
        return new ObservedMqMessageListener(listener, listenerId, group, true,
                maxReconsumeTimes < 0 ? NEVER : maxReconsumeTimes, registry, convention);
    }

    /**
     * Observes the dead-letter handler of an endpoint, which reads {@code %DLQ%<group>} as {@code deadLetterGroup}.
     *
     * @param convention the application's convention, or null for the default one
     */
    public static ObservedMqMessageListener deadLetterHandler(MqMessageListener handler, String listenerId,
                                                              String deadLetterGroup, ObservationRegistry registry,
                                                              MqListenerObservationConvention convention) {
        return new ObservedMqMessageListener(handler, listenerId, deadLetterGroup, false, NEVER, registry,
                convention);
    }

    @Override
    public void onMessage(ReceivedMessage message) throws Exception {
        Observation observation = MqObservation.PROCESS.observation(convention,
                DefaultMqListenerObservationConvention.INSTANCE,
                () -> new MqReceiverContext(message, listenerId, group), registry).start();
        try (Observation.Scope ignored = observation.openScope()) {
            if (redeliveries && message.reconsumeTimes() > 0) {
                observation.event(MqObservation.Events.REDELIVERY);
            }
            delegate.onMessage(message);
        } catch (Throwable failure) {
            observation.error(failure);
            if (message.reconsumeTimes() >= deadLetterAfter) {
                observation.event(MqObservation.Events.DEAD_LETTER);
            }
            throw failure;
        } finally {
            observation.stop();
        }
    }

    /** The observed listener. */
    public MqMessageListener delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
