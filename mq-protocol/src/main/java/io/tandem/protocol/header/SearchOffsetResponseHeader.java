package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * Response header of SEARCH_OFFSET_BY_TIMESTAMP (29) (fact sheet 2.13).
 *
 * @param offset the logical offset found
 */
public record SearchOffsetResponseHeader(long offset) implements CommandHeader {

    public static SearchOffsetResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, extFields));
    }

    public static SearchOffsetResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static SearchOffsetResponseHeader read(HeaderFields fields) {
        return new SearchOffsetResponseHeader(fields.requiredLong("offset"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("offset", offset)
                .toMap();
    }
}
