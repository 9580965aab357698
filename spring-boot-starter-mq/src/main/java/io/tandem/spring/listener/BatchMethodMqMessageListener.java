package io.tandem.spring.listener;

import io.tandem.client.ReceivedMessage;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.support.MqMessageMapper;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.MessageBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Calls an annotated batch listener method with a batch of messages. The method takes one parameter, a {@code List}
 * of:
 * <ul>
 *   <li>payloads of any type, generic ones included ({@code List<OrderEvent>}, {@code List<Map<String, Object>>}),
 *       each converted by the message converter from its message;</li>
 *   <li>Spring's {@code Message<T>}, each with its converted payload ({@code Message<?>}: the body as
 *       {@code byte[]}) and the headers of {@link MqHeaders};</li>
 *   <li>the client's {@link ReceivedMessage}, as received.</li>
 * </ul>
 * Thread-safe. A message that cannot be converted, or an exception of the method, fails the whole batch.
 */
public final class BatchMethodMqMessageListener implements MqBatchMessageListener {

    private enum Element { PAYLOAD, MESSAGE, RECEIVED_MESSAGE }

    private final InvocableHandlerMethod handlerMethod;
    private final MqMessageMapper mapper;
    private final MessageConverter converter;
    private final Element element;
    private final Class<?> payloadClass;
    private final MethodParameter payloadParameter;

    /**
     * @param converter reads each payload; with a {@link SmartMessageConverter} the payload's generic type is honoured
     * @throws IllegalArgumentException if the method does not take exactly one {@code List} parameter
     */
    public BatchMethodMqMessageListener(InvocableHandlerMethod handlerMethod, MqMessageMapper mapper,
                                        MessageConverter converter) {
        this.handlerMethod = Objects.requireNonNull(handlerMethod, "handlerMethod");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.converter = Objects.requireNonNull(converter, "converter");
        MethodParameter[] parameters = handlerMethod.getMethodParameters();
        if (parameters.length != 1 || parameters[0].getParameterType() != List.class) {
            throw new IllegalArgumentException("a batch listener takes one parameter, a List of payloads, of"
                    + " Message<T> or of ReceivedMessage; " + handlerMethod.getMethod().getName() + " takes "
                    + parameters.length + " parameter(s)"
                    + (parameters.length == 1 ? " of type " + parameters[0].getGenericParameterType() : ""));
        }
        MethodParameter list = parameters[0];
        ResolvableType elementType = ResolvableType.forMethodParameter(list).getGeneric(0);
        Class<?> elementClass = elementType.resolve(Object.class);
        if (elementClass == ReceivedMessage.class) {
            this.element = Element.RECEIVED_MESSAGE;
            this.payloadParameter = null;
            this.payloadClass = null;
        } else if (Message.class.isAssignableFrom(elementClass)) {
            this.element = Element.MESSAGE;
            this.payloadParameter = list.nested().nested();
            this.payloadClass = elementType.getGeneric(0).resolve(Object.class);
        } else {
            this.element = Element.PAYLOAD;
            this.payloadParameter = list.nested();
            this.payloadClass = elementClass;
        }
    }

    @Override
    public void onMessages(List<ReceivedMessage> messages) throws Exception {
        List<Object> batch = new ArrayList<>(messages.size());
        for (ReceivedMessage received : messages) {
            batch.add(switch (element) {
                case RECEIVED_MESSAGE -> received;
                case MESSAGE -> {
                    Message<byte[]> message = mapper.toSpringMessage(received);
                    yield MessageBuilder.createMessage(payload(message), message.getHeaders());
                }
                case PAYLOAD -> payload(mapper.toSpringMessage(received));
            });
        }
        handlerMethod.invoke(MessageBuilder.withPayload(batch).build(), batch);
    }

    private Object payload(Message<byte[]> message) {
        if (element == Element.MESSAGE && payloadClass == Object.class) {
            return message.getPayload();
        }
        Object payload = converter instanceof SmartMessageConverter smart
                ? smart.fromMessage(message, payloadClass, payloadParameter)
                : converter.fromMessage(message, payloadClass);
        if (payload == null) {
            throw new MessageConversionException(message, "cannot convert message "
                    + message.getHeaders().get(MqHeaders.MESSAGE_ID) + " to "
                    + payloadParameter.getNestedGenericParameterType() + " for " + handlerMethod.getShortLogMessage());
        }
        return payload;
    }

    @Override
    public String toString() {
        return handlerMethod.getShortLogMessage();
    }
}
