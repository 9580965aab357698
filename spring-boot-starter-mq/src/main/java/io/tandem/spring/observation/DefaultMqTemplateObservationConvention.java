package io.tandem.spring.observation;

import io.micrometer.common.KeyValues;
import io.tandem.client.SendResult;
import io.tandem.spring.observation.MqObservation.MessagingHighCardinalityKeys;
import io.tandem.spring.observation.MqObservation.MessagingLowCardinalityKeys;

/**
 * The keys of {@link MessagingLowCardinalityKeys} and {@link MessagingHighCardinalityKeys}; spans are named
 * {@code <topic> send}. Not final so that applications can add keys; stateless and thread-safe.
 */
public class DefaultMqTemplateObservationConvention implements MqTemplateObservationConvention {

    /** The shared instance. */
    public static final DefaultMqTemplateObservationConvention INSTANCE = new DefaultMqTemplateObservationConvention();

    @Override
    public KeyValues getLowCardinalityKeyValues(MqSenderContext context) {
        return KeyValues.of(MessagingLowCardinalityKeys.MESSAGING_SYSTEM.withValue("tandem"),
                MessagingLowCardinalityKeys.MESSAGING_OPERATION.withValue("send"),
                MessagingLowCardinalityKeys.DESTINATION.withValue(context.destination().topic()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MqSenderContext context) {
        SendResult result = context.sendResult();
        return result == null ? KeyValues.empty()
                : KeyValues.of(MessagingHighCardinalityKeys.MESSAGE_ID.withValue(result.messageId()));
    }

    @Override
    public String getContextualName(MqSenderContext context) {
        return context.destination().topic() + " send";
    }
}
