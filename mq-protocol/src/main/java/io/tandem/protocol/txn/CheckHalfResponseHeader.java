package io.tandem.protocol.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;

/**
 * Response header of TANDEM_CHECK_HALF (100101); the remark says why nothing was sent.
 *
 * @param sent whether the check was sent (false: no producer of the group is connected, or the half is decided)
 */
public record CheckHalfResponseHeader(boolean sent) implements CommandHeader {

    private static final String SENT = "sent";

    public static CheckHalfResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.TANDEM_CHECK_HALF, extFields));
    }

    public static CheckHalfResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static CheckHalfResponseHeader read(HeaderFields fields) {
        return new CheckHalfResponseHeader(fields.requiredBoolean(SENT));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(SENT, sent)
                .toMap();
    }
}
