package io.tandem.protocol.header;

import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * REGISTER_BROKER (103) response header: for a replica, where its group's leader is. Both fields are absent in the
 * answer to a leader.
 *
 * @param haServerAddr replication endpoint of the group's leader, or null
 * @param masterAddr   broker address of the group's leader, or null
 */
public record RegisterBrokerResponseHeader(String haServerAddr, String masterAddr) implements CommandHeader {

    public static RegisterBrokerResponseHeader fromExtFields(Map<String, String> extFields) {
        HeaderFields fields = HeaderFields.forResponse(RequestCode.REGISTER_BROKER, extFields);
        return new RegisterBrokerResponseHeader(fields.optionalString("haServerAddr"),
                fields.optionalString("masterAddr"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("haServerAddr", haServerAddr)
                .put("masterAddr", masterAddr)
                .toMap();
    }
}
