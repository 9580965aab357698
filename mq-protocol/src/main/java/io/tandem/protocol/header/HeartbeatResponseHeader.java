package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * Response header of HEART_BEAT (34) (fact sheet 2.2). A broker that leaves {@code supportHeartbeatV2} absent or
 * false keeps clients on full heartbeats.
 *
 * @param supportHeartbeatV2 ext key {@code IS_SUPPORT_HEART_BEAT_V2}, or null
 * @param subscriptionChanged ext key {@code IS_SUB_CHANGE}, or null
 */
public record HeartbeatResponseHeader(Boolean supportHeartbeatV2, Boolean subscriptionChanged)
        implements CommandHeader {

    public static HeartbeatResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.HEART_BEAT, extFields));
    }

    public static HeartbeatResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static HeartbeatResponseHeader read(HeaderFields fields) {
        return new HeartbeatResponseHeader(
                fields.optionalBoolean("IS_SUPPORT_HEART_BEAT_V2"),
                fields.optionalBoolean("IS_SUB_CHANGE"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("IS_SUPPORT_HEART_BEAT_V2", supportHeartbeatV2)
                .put("IS_SUB_CHANGE", subscriptionChanged)
                .toMap();
    }
}
