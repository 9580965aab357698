package io.tandem.protocol.controller;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;

/**
 * TANDEM_CONTROLLER_HEARTBEAT (100200) request header: a member of a replicated broker group tells a controller peer
 * that it is alive, where it serves and replicates, the epoch it knows and the end of its log; the answer is a
 * {@link ControllerGroupResponseHeader}. The peer adds a member it does not know (or whose addresses changed) to the
 * group itself. Sent to every name server every sixth of the lease.
 *
 * @param brokerName         the broker group
 * @param memberId           the member's id in the group (1 and up)
 * @param brokerAddress      {@code host:port} clients send to
 * @param replicationAddress {@code host:port} of the member's replication listener
 * @param epoch              the highest leader epoch the member knows (0 before any)
 * @param maxOffset          the member's replicable log end: what it would lead with
 */
public record ControllerHeartbeatRequestHeader(String brokerName, long memberId, String brokerAddress,
                                               String replicationAddress, long epoch, long maxOffset)
        implements CommandHeader {

    private static final String BROKER_NAME = "brokerName";
    private static final String MEMBER_ID = "memberId";
    private static final String BROKER_ADDRESS = "brokerAddress";
    private static final String REPLICATION_ADDRESS = "replicationAddress";
    private static final String EPOCH = "epoch";
    private static final String MAX_OFFSET = "maxOffset";

    /**
     * @throws io.tandem.protocol.header.InvalidHeaderException naming the field that is missing or malformed (a
     *                                                          member id below 1, an address that is not host:port)
     */
    public static ControllerHeartbeatRequestHeader fromExtFields(Map<String, String> extFields) {
        HeaderFields fields = HeaderFields.forRequest(RequestCode.TANDEM_CONTROLLER_HEARTBEAT, extFields);
        long memberId = fields.requiredLong(MEMBER_ID);
        if (memberId < 1) {
            throw fields.invalid(MEMBER_ID, "must be 1 or more, was " + memberId);
        }
        String brokerAddress = fields.requiredString(BROKER_ADDRESS);
        MemberIds.requireHostPort(fields, BROKER_ADDRESS, brokerAddress);
        String replicationAddress = fields.requiredString(REPLICATION_ADDRESS);
        MemberIds.requireHostPort(fields, REPLICATION_ADDRESS, replicationAddress);
        return new ControllerHeartbeatRequestHeader(fields.requiredString(BROKER_NAME), memberId, brokerAddress,
                replicationAddress, fields.requiredLong(EPOCH), fields.requiredLong(MAX_OFFSET));
    }

    public static ControllerHeartbeatRequestHeader from(RemotingCommand request) {
        return fromExtFields(request.extFields());
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(BROKER_NAME, brokerName)
                .put(MEMBER_ID, memberId)
                .put(BROKER_ADDRESS, brokerAddress)
                .put(REPLICATION_ADDRESS, replicationAddress)
                .put(EPOCH, epoch)
                .put(MAX_OFFSET, maxOffset)
                .toMap();
    }
}
