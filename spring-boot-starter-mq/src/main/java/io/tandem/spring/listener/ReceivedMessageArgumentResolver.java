package io.tandem.spring.listener;

import io.tandem.client.ReceivedMessage;
import io.tandem.spring.support.MqHeaders;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/** Resolves listener method parameters of type {@link ReceivedMessage} to the message as the client received it. */
public final class ReceivedMessageArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ReceivedMessage.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, Message<?> message) {
        Object raw = message.getHeaders().get(MqHeaders.RAW_MESSAGE);
        if (!(raw instanceof ReceivedMessage)) {
            throw new IllegalStateException("message has no " + MqHeaders.RAW_MESSAGE + " header for parameter "
                    + parameter);
        }
        return raw;
    }
}
