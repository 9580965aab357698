package io.tandem.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the {@link MqObservation#SEND} observations. Define a bean of this type (extending
 * {@link DefaultMqTemplateObservationConvention} to keep its keys) to change what the template reports.
 */
public interface MqTemplateObservationConvention extends ObservationConvention<MqSenderContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MqSenderContext;
    }

    @Override
    default String getName() {
        return MqObservation.SEND.getName();
    }
}
