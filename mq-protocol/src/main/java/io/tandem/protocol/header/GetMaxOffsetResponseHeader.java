package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * Response header of GET_MAX_OFFSET (30) (fact sheet 2.13).
 *
 * @param offset the offset the next message will get (0 for an empty queue)
 */
public record GetMaxOffsetResponseHeader(long offset) implements CommandHeader {

    public static GetMaxOffsetResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.GET_MAX_OFFSET, extFields));
    }

    public static GetMaxOffsetResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static GetMaxOffsetResponseHeader read(HeaderFields fields) {
        return new GetMaxOffsetResponseHeader(fields.requiredLong("offset"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("offset", offset)
                .toMap();
    }
}
