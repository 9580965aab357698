package io.tandem.protocol.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;

/**
 * TANDEM_CHECK_HALF (100101) request header: asks the broker to send CHECK_TRANSACTION_STATE about one undecided
 * half to a live connection of its producer group. Answered with a {@link CheckHalfResponseHeader}.
 *
 * @param halfOffset the half's offset in the half queue
 */
public record CheckHalfRequestHeader(long halfOffset) implements CommandHeader {

    private static final String HALF_OFFSET = "halfOffset";

    public static CheckHalfRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.TANDEM_CHECK_HALF, extFields));
    }

    public static CheckHalfRequestHeader from(RemotingCommand request) {
        return fromExtFields(request.extFields());
    }

    private static CheckHalfRequestHeader read(HeaderFields fields) {
        return new CheckHalfRequestHeader(fields.requiredLong(HALF_OFFSET));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(HALF_OFFSET, halfOffset)
                .toMap();
    }
}
