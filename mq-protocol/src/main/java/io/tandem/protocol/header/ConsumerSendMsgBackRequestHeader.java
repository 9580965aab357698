package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * CONSUMER_SEND_MSG_BACK (36) request header (fact sheet 2.8): a consumer hands a failed message back for retry.
 *
 * @param commitLogOffset commit-log offset of the original record (wire key {@code offset})
 * @param group consumer group
 * @param delayLevel 0: broker chooses 3 + reconsumeTimes; -1: straight to the DLQ; above 0: that level
 * @param originMsgId the message's UNIQ_KEY, or null
 * @param originTopic topic the client consumed from, or null
 * @param unitMode unit mode, or null
 * @param maxReconsumeTimes the consumer's retry limit, or null
 * @param brokerName {@code bname}, or null
 */
public record ConsumerSendMsgBackRequestHeader(long commitLogOffset, String group, int delayLevel,
                                               String originMsgId, String originTopic, Boolean unitMode,
                                               Integer maxReconsumeTimes, String brokerName)
        implements CommandHeader {

    public ConsumerSendMsgBackRequestHeader {
        Objects.requireNonNull(group, "group");
    }

    public static ConsumerSendMsgBackRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.CONSUMER_SEND_MSG_BACK, extFields));
    }

    public static ConsumerSendMsgBackRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static ConsumerSendMsgBackRequestHeader read(HeaderFields fields) {
        return new ConsumerSendMsgBackRequestHeader(
                fields.requiredLong("offset"),
                fields.requiredString("group"),
                fields.requiredInt("delayLevel"),
                fields.optionalString("originMsgId"),
                fields.optionalString("originTopic"),
                fields.optionalBoolean("unitMode"),
                fields.optionalInt("maxReconsumeTimes"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("offset", commitLogOffset)
                .put("group", group)
                .put("delayLevel", delayLevel)
                .put("originMsgId", originMsgId)
                .put("originTopic", originTopic)
                .put("unitMode", unitMode)
                .put("maxReconsumeTimes", maxReconsumeTimes)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
