package io.tandem.spring.observation;

import io.micrometer.common.KeyValues;
import io.tandem.client.SendResult;
import io.tandem.spring.observation.MqObservation.TemplateHighCardinalityKeys;
import io.tandem.spring.observation.MqObservation.TemplateLowCardinalityKeys;

/**
 * The keys of {@link MqObservation.TemplateLowCardinalityKeys} and {@link MqObservation.TemplateHighCardinalityKeys};
 * spans are named {@code <topic> send}. Not final so that applications can add keys; stateless and thread-safe.
 */
public class DefaultMqTemplateObservationConvention implements MqTemplateObservationConvention {

    /** The shared instance. */
    public static final DefaultMqTemplateObservationConvention INSTANCE = new DefaultMqTemplateObservationConvention();

    @Override
    public KeyValues getLowCardinalityKeyValues(MqSenderContext context) {
        return KeyValues.of(TemplateLowCardinalityKeys.MESSAGING_SYSTEM.withValue("tandem"),
                TemplateLowCardinalityKeys.MESSAGING_OPERATION.withValue("send"),
                TemplateLowCardinalityKeys.DESTINATION.withValue(context.destination().topic()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MqSenderContext context) {
        SendResult result = context.sendResult();
        return result == null ? KeyValues.empty()
                : KeyValues.of(TemplateHighCardinalityKeys.MESSAGE_ID.withValue(result.messageId()));
    }

    @Override
    public String getContextualName(MqSenderContext context) {
        return context.destination().topic() + " send";
    }
}
