package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * Response header of GET_EARLIEST_MSG_STORETIME (32) (fact sheet 2.13).
 *
 * @param timestamp store time of the queue's first message, ms since the epoch
 */
public record GetEarliestMsgStoretimeResponseHeader(long timestamp) implements CommandHeader {

    public static GetEarliestMsgStoretimeResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.GET_EARLIEST_MSG_STORETIME, extFields));
    }

    public static GetEarliestMsgStoretimeResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static GetEarliestMsgStoretimeResponseHeader read(HeaderFields fields) {
        return new GetEarliestMsgStoretimeResponseHeader(fields.requiredLong("timestamp"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("timestamp", timestamp)
                .toMap();
    }
}
