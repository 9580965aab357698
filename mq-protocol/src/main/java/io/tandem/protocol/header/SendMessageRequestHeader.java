package io.tandem.protocol.header;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.message.MessageProperties;

import java.util.Map;
import java.util.Objects;

/**
 * Header of a send: SEND_MESSAGE (10) with these long keys, or SEND_MESSAGE_V2 (310) / SEND_BATCH_MESSAGE (320) with
 * the short keys of {@link SendMessageRequestHeaderV2} (fact sheet 2.4). Brokers should read every send with
 * {@link #from(RemotingCommand)}, which accepts all three codes and yields this one type.
 *
 * @param producerGroup         producer group
 * @param topic                 target topic
 * @param defaultTopic          auto-create template, normally {@code TBW102}
 * @param defaultTopicQueueNums queue count for an auto-created topic (client default 4)
 * @param queueId               target queue; negative lets the broker pick one
 * @param sysFlag               message sys flags, see {@code MessageSysFlag}
 * @param bornTimestamp         ms since the epoch at the producer
 * @param flag                  the message's user flag
 * @param properties            property string ({@link MessageProperties}), or null
 * @param reconsumeTimes        delivery attempts so far for sends to {@code %RETRY%} topics, or null
 * @param unitMode              unit mode (Java sends false), or null
 * @param maxReconsumeTimes     the consumer's retry limit, only for {@code %RETRY%} topics, or null
 * @param batch                 true only for SEND_BATCH_MESSAGE, or null
 * @param brokerName            broker name the client targets ({@code bname}; {@code n} in v2), or null
 */
public record SendMessageRequestHeader(String producerGroup, String topic, String defaultTopic,
                                       int defaultTopicQueueNums, int queueId, int sysFlag, long bornTimestamp,
                                       int flag, String properties, Integer reconsumeTimes, Boolean unitMode,
                                       Integer maxReconsumeTimes, Boolean batch, String brokerName)
        implements CommandHeader {

    public SendMessageRequestHeader {
        Objects.requireNonNull(producerGroup, "producerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(defaultTopic, "defaultTopic");
    }

    /** Reads the long-key header of SEND_MESSAGE (10). */
    public static SendMessageRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.SEND_MESSAGE, extFields));
    }

    /**
     * Reads the header of any send request: long keys for codes 10 and 324, short keys for 310, 320 and 325.
     *
     * @throws ProtocolException if the command is not a send request
     * @throws InvalidHeaderException if a required field is missing or a value does not parse
     */
    public static SendMessageRequestHeader from(RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.SEND_MESSAGE, RequestCode.SEND_REPLY_MESSAGE ->
                    read(HeaderFields.forRequest(request.code(), request.extFields()));
            case RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2 ->
                    SendMessageRequestHeaderV2.from(request).toV1();
            default -> throw new ProtocolException(RequestCode.describe(request.code()) + " is not a send request");
        };
    }

    private static SendMessageRequestHeader read(HeaderFields fields) {
        return new SendMessageRequestHeader(
                fields.requiredString("producerGroup"),
                fields.requiredString("topic"),
                fields.requiredString("defaultTopic"),
                fields.requiredInt("defaultTopicQueueNums"),
                fields.requiredInt("queueId"),
                fields.requiredInt("sysFlag"),
                fields.requiredLong("bornTimestamp"),
                fields.requiredInt("flag"),
                fields.optionalString("properties"),
                fields.optionalInt("reconsumeTimes"),
                fields.optionalBoolean("unitMode"),
                fields.optionalInt("maxReconsumeTimes"),
                fields.optionalBoolean("batch"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    /** This header with the short keys of SEND_MESSAGE_V2. */
    public SendMessageRequestHeaderV2 toV2() {
        return SendMessageRequestHeaderV2.fromV1(this);
    }

    /** Whether this is the header of a batch send. */
    public boolean isBatch() {
        return Boolean.TRUE.equals(batch);
    }

    /** The decoded property string; empty when there is none (decoding is lenient and never fails). */
    public Map<String, String> propertiesMap() {
        return MessageProperties.decode(properties);
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("producerGroup", producerGroup)
                .put("topic", topic)
                .put("defaultTopic", defaultTopic)
                .put("defaultTopicQueueNums", defaultTopicQueueNums)
                .put("queueId", queueId)
                .put("sysFlag", sysFlag)
                .put("bornTimestamp", bornTimestamp)
                .put("flag", flag)
                .put("properties", properties)
                .put("reconsumeTimes", reconsumeTimes)
                .put("unitMode", unitMode)
                .put("maxReconsumeTimes", maxReconsumeTimes)
                .put("batch", batch)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
