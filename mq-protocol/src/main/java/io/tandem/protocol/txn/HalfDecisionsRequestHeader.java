package io.tandem.protocol.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;

/**
 * TANDEM_HALF_DECISIONS (100103) request header: a page of the decisions a broker recorded, in the order it recorded
 * them. The answer's body is a {@link io.tandem.protocol.body.HalfDecisionList}.
 *
 * @param fromOpOffset first op offset to read (absent on the wire means 0)
 * @param max          most decisions to read, or null for the broker's default page; the broker bounds it
 */
public record HalfDecisionsRequestHeader(long fromOpOffset, Integer max) implements CommandHeader {

    private static final String FROM_OP_OFFSET = "fromOpOffset";
    private static final String MAX = "max";

    public static HalfDecisionsRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.TANDEM_HALF_DECISIONS, extFields));
    }

    public static HalfDecisionsRequestHeader from(RemotingCommand request) {
        return fromExtFields(request.extFields());
    }

    private static HalfDecisionsRequestHeader read(HeaderFields fields) {
        Long fromOpOffset = fields.optionalLong(FROM_OP_OFFSET);
        return new HalfDecisionsRequestHeader(fromOpOffset == null ? 0 : fromOpOffset, fields.optionalInt(MAX));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(FROM_OP_OFFSET, fromOpOffset)
                .put(MAX, max)
                .toMap();
    }
}
