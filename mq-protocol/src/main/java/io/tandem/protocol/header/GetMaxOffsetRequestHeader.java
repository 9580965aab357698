package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_MAX_OFFSET (30) request header (fact sheet 2.13).
 *
 * @param topic topic
 * @param queueId queue
 * @param committed only committed (replicated) messages; Java sends true, or null
 * @param brokerName {@code bname}, or null
 */
public record GetMaxOffsetRequestHeader(String topic, int queueId, Boolean committed, String brokerName)
        implements CommandHeader {

    public GetMaxOffsetRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static GetMaxOffsetRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_MAX_OFFSET, extFields));
    }

    public static GetMaxOffsetRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetMaxOffsetRequestHeader read(HeaderFields fields) {
        return new GetMaxOffsetRequestHeader(
                fields.requiredString("topic"),
                fields.requiredInt("queueId"),
                fields.optionalBoolean("committed"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .put("queueId", queueId)
                .put("committed", committed)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
