package io.tandem.spring.listener;

import io.tandem.client.ReceivedMessage;
import io.tandem.spring.support.MqMessageMapper;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

import java.util.Objects;

/**
 * Calls an annotated listener method for each message: the message becomes a Spring message with the headers of
 * {@link io.tandem.spring.support.MqHeaders}, and the method's parameters are resolved from it (the payload through
 * the message converter, generic types included; {@code @Header}, {@code @Headers}, Spring's {@code Message<T>} and
 * the raw {@link ReceivedMessage}). Thread-safe. A parameter that cannot be resolved or converted, or an exception of
 * the method, is thrown to the container, which retries the message.
 */
public final class MethodMqMessageListener implements MqMessageListener {

    private final InvocableHandlerMethod handlerMethod;
    private final MqMessageMapper mapper;

    public MethodMqMessageListener(InvocableHandlerMethod handlerMethod, MqMessageMapper mapper) {
        this.handlerMethod = Objects.requireNonNull(handlerMethod, "handlerMethod");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public void onMessage(ReceivedMessage message) throws Exception {
        handlerMethod.invoke(mapper.toSpringMessage(message));
    }

    @Override
    public String toString() {
        return handlerMethod.getShortLogMessage();
    }
}
