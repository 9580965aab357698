package io.tandem.protocol.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;

/**
 * TANDEM_PARK_HALF (100104) request header: parks an undecided half (the broker stops checking it; it stays visible as
 * parked) or resumes a parked one (checked again from now, its check count reset). The remark of the answer says when
 * a half to resume was not parked.
 *
 * @param halfOffset the half's offset in the half queue
 * @param parked     true to park, false to resume
 */
public record ParkHalfRequestHeader(long halfOffset, boolean parked) implements CommandHeader {

    private static final String HALF_OFFSET = "halfOffset";
    private static final String PARKED = "parked";

    public static ParkHalfRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.TANDEM_PARK_HALF, extFields));
    }

    public static ParkHalfRequestHeader from(RemotingCommand request) {
        return fromExtFields(request.extFields());
    }

    private static ParkHalfRequestHeader read(HeaderFields fields) {
        return new ParkHalfRequestHeader(fields.requiredLong(HALF_OFFSET), fields.requiredBoolean(PARKED));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(HALF_OFFSET, halfOffset)
                .put(PARKED, parked)
                .toMap();
    }
}
