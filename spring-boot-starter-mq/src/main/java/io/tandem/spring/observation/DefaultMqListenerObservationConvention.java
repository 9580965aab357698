package io.tandem.spring.observation;

import io.micrometer.common.KeyValues;
import io.tandem.client.ReceivedMessage;
import io.tandem.spring.observation.MqObservation.ListenerHighCardinalityKeys;
import io.tandem.spring.observation.MqObservation.ListenerLowCardinalityKeys;
import io.tandem.spring.observation.MqObservation.MessagingHighCardinalityKeys;
import io.tandem.spring.observation.MqObservation.MessagingLowCardinalityKeys;

/**
 * The keys of {@link MessagingLowCardinalityKeys}, {@link ListenerLowCardinalityKeys},
 * {@link MessagingHighCardinalityKeys} and {@link ListenerHighCardinalityKeys}; spans are named
 * {@code <topic> process}. Not final so that applications can add keys; stateless and thread-safe.
 */
public class DefaultMqListenerObservationConvention implements MqListenerObservationConvention {

    /** The shared instance. */
    public static final DefaultMqListenerObservationConvention INSTANCE = new DefaultMqListenerObservationConvention();

    @Override
    public KeyValues getLowCardinalityKeyValues(MqReceiverContext context) {
        return KeyValues.of(MessagingLowCardinalityKeys.MESSAGING_SYSTEM.withValue("tandem"),
                MessagingLowCardinalityKeys.MESSAGING_OPERATION.withValue("process"),
                MessagingLowCardinalityKeys.DESTINATION.withValue(context.message().topic()),
                ListenerLowCardinalityKeys.CONSUMER_GROUP.withValue(context.group()),
                ListenerLowCardinalityKeys.LISTENER_ID.withValue(context.listenerId()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MqReceiverContext context) {
        ReceivedMessage message = context.message();
        return KeyValues.of(MessagingHighCardinalityKeys.MESSAGE_ID.withValue(message.messageId()),
                ListenerHighCardinalityKeys.RECONSUME_TIMES.withValue(Integer.toString(message.reconsumeTimes())));
    }

    @Override
    public String getContextualName(MqReceiverContext context) {
        return context.message().topic() + " process";
    }
}
