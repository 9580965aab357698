package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * Response header of GET_MIN_OFFSET (31) (fact sheet 2.13).
 *
 * @param offset the queue's minimum logical offset
 */
public record GetMinOffsetResponseHeader(long offset) implements CommandHeader {

    public static GetMinOffsetResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.GET_MIN_OFFSET, extFields));
    }

    public static GetMinOffsetResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static GetMinOffsetResponseHeader read(HeaderFields fields) {
        return new GetMinOffsetResponseHeader(fields.requiredLong("offset"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("offset", offset)
                .toMap();
    }
}
