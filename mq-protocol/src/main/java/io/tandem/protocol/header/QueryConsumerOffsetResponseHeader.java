package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * Response header of QUERY_CONSUMER_OFFSET (14) with code SUCCESS; QUERY_NOT_FOUND (22) carries none (fact sheet
 * 2.6).
 *
 * @param offset the group's stored offset: the next offset to consume
 */
public record QueryConsumerOffsetResponseHeader(long offset) implements CommandHeader {

    public static QueryConsumerOffsetResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.QUERY_CONSUMER_OFFSET, extFields));
    }

    public static QueryConsumerOffsetResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static QueryConsumerOffsetResponseHeader read(HeaderFields fields) {
        return new QueryConsumerOffsetResponseHeader(fields.requiredLong("offset"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("offset", offset)
                .toMap();
    }
}
