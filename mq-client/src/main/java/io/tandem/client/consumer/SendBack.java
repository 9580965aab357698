package io.tandem.client.consumer;

import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.internal.ClientInstance;
import io.tandem.client.internal.MessageSender;
import io.tandem.client.internal.Names;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.tandem.protocol.message.PropertyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Hands a failed message back for a later retry (fact sheet 2.8, 7.5): CONSUMER_SEND_MSG_BACK to the broker that
 * holds it, and when that fails, a new message sent to {@code %RETRY%<group>} by the internal producer with the
 * retry properties set by the client. Thread-safe.
 */
final class SendBack {

    private static final Logger LOG = LoggerFactory.getLogger(SendBack.class);
    /** The first retry delay level the reference uses (10 s by default), plus the reconsume count. */
    private static final int RETRY_BASE_DELAY_LEVEL = 3;

    private final ClientInstance instance;
    private final String group;
    private final int maxReconsumeTimes;
    private final MessageSender innerProducer;
    private final IntUnaryOperator retryDelayLevel;

    /**
     * @param retryDelayLevel the delay level of the retry of a message with the given failed deliveries before; 0
     *                        lets the broker choose
     */
    SendBack(ClientInstance instance, String group, int maxReconsumeTimes, MessageSender innerProducer,
             IntUnaryOperator retryDelayLevel) {
        this.instance = instance;
        this.group = group;
        this.maxReconsumeTimes = maxReconsumeTimes;
        this.innerProducer = innerProducer;
        this.retryDelayLevel = retryDelayLevel;
    }

    /**
     * Asks the broker to schedule a retry of {@code message} (or to move it to the dead-letter queue once its
     * reconsume count reached the maximum), falling back to sending the retry copy directly.
     *
     * @return whether either way succeeded
     */
    boolean sendBack(ReceivedMessage message) {
        return sendBack(message, retryDelayLevel.applyAsInt(message.reconsumeTimes()));
    }

    /**
     * Asks the broker to move {@code message} to the dead-letter queue at once, without further retries (a
     * send-back with delay level -1), falling back to a retry copy whose reconsume count is past the maximum.
     *
     * @return whether either way succeeded
     */
    boolean deadLetter(ReceivedMessage message) {
        return sendBack(message, -1);
    }

    /** A send-back with {@code delayLevel}: 0 lets the broker choose, -1 asks for the dead-letter queue. */
    private boolean sendBack(ReceivedMessage message, int delayLevel) {
        String address = instance.masterAddress(message.queue().brokerName());
        if (address != null) {
            try {
                RemotingCommand response = instance.invokeSync(address,
                        RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK)
                                .extFields(new ConsumerSendMsgBackRequestHeader(message.commitLogOffset(), group,
                                        delayLevel,
                                        message.messageId(), message.topic(), false, maxReconsumeTimes,
                                        message.queue().brokerName()).toExtFields())
                                .build());
                if (response.code() == ResponseCode.SUCCESS) {
                    return true;
                }
                LOG.debug("Send-back of {} refused by {}: {} {}; sending the retry copy instead", message.messageId(),
                        address, ResponseCode.describe(response.code()), response.remark());
            } catch (MqClientException e) {
                LOG.debug("Send-back of {} failed: {}; sending the retry copy instead", message.messageId(),
                        e.toString());
            }
        }
        if (delayLevel < 0) {
            return sendRetryCopy(message, maxReconsumeTimes == Integer.MAX_VALUE ? maxReconsumeTimes
                    : Math.max(maxReconsumeTimes, message.reconsumeTimes()) + 1);
        }
        return sendRetryCopy(message, message.reconsumeTimes() + 1);
    }

    /**
     * Sends a copy of {@code message} to {@code %RETRY%<group>} with reconsume count {@code reconsumeTimes}; the
     * broker delays it, or moves it to the dead-letter queue when the count exceeds the maximum (or, for orderly
     * groups, while the group holds queue locks).
     *
     * @return whether the broker stored it
     */
    boolean sendRetryCopy(ReceivedMessage message, int reconsumeTimes) {
        Map<String, String> properties = new LinkedHashMap<>(message.properties());
        properties.putIfAbsent(PropertyKeys.RETRY_TOPIC, message.topic());
        properties.putIfAbsent(PropertyKeys.ORIGIN_MESSAGE_ID, message.messageId());
        properties.put(PropertyKeys.RECONSUME_TIME, Integer.toString(reconsumeTimes));
        properties.put(PropertyKeys.MAX_RECONSUME_TIMES, Integer.toString(maxReconsumeTimes));
        int level = retryDelayLevel.applyAsInt(message.reconsumeTimes());
        properties.put(PropertyKeys.DELAY, Integer.toString(level > 0 ? level
                : RETRY_BASE_DELAY_LEVEL + message.reconsumeTimes()));
        properties.remove(PropertyKeys.TRAN_MSG);
        properties.remove(PropertyKeys.REAL_TOPIC);
        properties.remove(PropertyKeys.REAL_QID);
        try {
            innerProducer.send(innerProducer.prepare(Names.retryTopic(group), message.body(), message.flag(),
                    properties));
            return true;
        } catch (MqClientException | IllegalArgumentException e) {
            LOG.warn("Cannot hand message {} of {} back for a retry: {}", message.messageId(), message.queue(),
                    e.toString());
            return false;
        }
    }
}
