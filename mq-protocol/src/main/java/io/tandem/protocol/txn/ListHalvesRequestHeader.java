package io.tandem.protocol.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;

/**
 * TANDEM_LIST_HALVES (100100) request header: a page of a broker's undecided halves in half-queue order. The answer's
 * body is a {@link io.tandem.protocol.body.HalfMessageList}.
 *
 * @param fromOffset first half offset to list (absent on the wire means 0)
 * @param max        most halves to list, or null for the broker's default page; the broker bounds it
 */
public record ListHalvesRequestHeader(long fromOffset, Integer max) implements CommandHeader {

    private static final String FROM_OFFSET = "fromOffset";
    private static final String MAX = "max";

    public static ListHalvesRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.TANDEM_LIST_HALVES, extFields));
    }

    public static ListHalvesRequestHeader from(RemotingCommand request) {
        return fromExtFields(request.extFields());
    }

    private static ListHalvesRequestHeader read(HeaderFields fields) {
        Long fromOffset = fields.optionalLong(FROM_OFFSET);
        return new ListHalvesRequestHeader(fromOffset == null ? 0 : fromOffset, fields.optionalInt(MAX));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(FROM_OFFSET, fromOffset)
                .put(MAX, max)
                .toMap();
    }
}
