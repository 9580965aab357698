package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_MIN_OFFSET (31) request header (fact sheet 2.13).
 *
 * @param topic topic
 * @param queueId queue
 * @param brokerName {@code bname}, or null
 */
public record GetMinOffsetRequestHeader(String topic, int queueId, String brokerName) implements CommandHeader {

    public GetMinOffsetRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static GetMinOffsetRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_MIN_OFFSET, extFields));
    }

    public static GetMinOffsetRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetMinOffsetRequestHeader read(HeaderFields fields) {
        return new GetMinOffsetRequestHeader(
                fields.requiredString("topic"),
                fields.requiredInt("queueId"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .put("queueId", queueId)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
