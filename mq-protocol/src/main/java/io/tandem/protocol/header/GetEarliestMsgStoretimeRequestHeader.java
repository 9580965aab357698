package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_EARLIEST_MSG_STORETIME (32) request header (fact sheet 2.13).
 *
 * @param topic topic
 * @param queueId queue
 * @param brokerName {@code bname}, or null
 */
public record GetEarliestMsgStoretimeRequestHeader(String topic, int queueId, String brokerName)
        implements CommandHeader {

    public GetEarliestMsgStoretimeRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static GetEarliestMsgStoretimeRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_EARLIEST_MSG_STORETIME, extFields));
    }

    public static GetEarliestMsgStoretimeRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetEarliestMsgStoretimeRequestHeader read(HeaderFields fields) {
        return new GetEarliestMsgStoretimeRequestHeader(
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
