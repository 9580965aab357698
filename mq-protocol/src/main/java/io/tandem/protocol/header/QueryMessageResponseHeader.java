package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * Response header of QUERY_MESSAGE (12) with code SUCCESS (fact sheet 2.14).
 *
 * @param indexLastUpdateTimestamp store time of the newest indexed record
 * @param indexLastUpdatePhyoffset commit-log offset of the newest indexed record
 */
public record QueryMessageResponseHeader(long indexLastUpdateTimestamp, long indexLastUpdatePhyoffset)
        implements CommandHeader {

    public static QueryMessageResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.QUERY_MESSAGE, extFields));
    }

    public static QueryMessageResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static QueryMessageResponseHeader read(HeaderFields fields) {
        return new QueryMessageResponseHeader(
                fields.requiredLong("indexLastUpdateTimestamp"),
                fields.requiredLong("indexLastUpdatePhyoffset"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("indexLastUpdateTimestamp", indexLastUpdateTimestamp)
                .put("indexLastUpdatePhyoffset", indexLastUpdatePhyoffset)
                .toMap();
    }
}
