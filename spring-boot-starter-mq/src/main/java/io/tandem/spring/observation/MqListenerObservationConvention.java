package io.tandem.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the {@link MqObservation#PROCESS} observations. Define a bean of this type (extending
 * {@link DefaultMqListenerObservationConvention} to keep its keys) to change what listeners report.
 */
public interface MqListenerObservationConvention extends ObservationConvention<MqReceiverContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MqReceiverContext;
    }

    @Override
    default String getName() {
        return MqObservation.PROCESS.getName();
    }
}
