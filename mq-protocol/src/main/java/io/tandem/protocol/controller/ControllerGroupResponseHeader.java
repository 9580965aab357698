package io.tandem.protocol.controller;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;
import java.util.Set;

/**
 * Answer header of the controller requests (TANDEM_CONTROLLER_HEARTBEAT, _ALTER_IN_SYNC, _ELECT): the broker group as
 * the answering controller peer has applied it. A group without a leader yet has no leader fields and epoch 0.
 *
 * @param leaderId                 the leader's member id, or null
 * @param leaderBrokerAddress      {@code host:port} clients send to, or null
 * @param leaderReplicationAddress {@code host:port} of the leader's replication listener, or null
 * @param epoch                    the leader's epoch
 * @param inSync                   member ids in sync with the leader (the leader included)
 * @param leaseRenewed             whether this answer renews the lease of the member that sent the heartbeat as the
 *                                 group's leader: only the peer leading the controller quorum renews, and never a
 *                                 lease that lapsed while another member can take over; a leader acknowledges sends
 *                                 only for a while after a renewal
 */
public record ControllerGroupResponseHeader(Long leaderId, String leaderBrokerAddress, String leaderReplicationAddress,
                                            long epoch, Set<Long> inSync, boolean leaseRenewed)
        implements CommandHeader {

    private static final String LEADER_ID = "leaderId";
    private static final String LEADER_BROKER_ADDRESS = "leaderBrokerAddress";
    private static final String LEADER_REPLICATION_ADDRESS = "leaderReplicationAddress";
    private static final String EPOCH = "epoch";
    private static final String IN_SYNC = "inSync";
    private static final String LEASE_RENEWED = "leaseRenewed";

    public ControllerGroupResponseHeader {
        inSync = Set.copyOf(inSync == null ? Set.of() : inSync);
    }

    /**
     * @param requestCode the code of the request answered, named in error messages
     * @throws io.tandem.protocol.header.InvalidHeaderException naming the field that is missing or malformed
     */
    public static ControllerGroupResponseHeader fromExtFields(int requestCode, Map<String, String> extFields) {
        HeaderFields fields = HeaderFields.forResponse(requestCode, extFields);
        Long leader = fields.optionalLong(LEADER_ID);
        String brokerAddress = fields.optionalString(LEADER_BROKER_ADDRESS);
        String replicationAddress = fields.optionalString(LEADER_REPLICATION_ADDRESS);
        if (leader != null && (brokerAddress == null || replicationAddress == null)) {
            throw fields.invalid(LEADER_ID, "leader " + leader + " comes without its broker and replication"
                    + " addresses");
        }
        Boolean renewed = fields.optionalBoolean(LEASE_RENEWED);
        return new ControllerGroupResponseHeader(leader, brokerAddress, replicationAddress,
                fields.requiredLong(EPOCH), MemberIds.read(fields, IN_SYNC), renewed != null && renewed);
    }

    public static ControllerGroupResponseHeader from(int requestCode, RemotingCommand response) {
        return fromExtFields(requestCode, response.extFields());
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(LEADER_ID, leaderId)
                .put(LEADER_BROKER_ADDRESS, leaderBrokerAddress)
                .put(LEADER_REPLICATION_ADDRESS, leaderReplicationAddress)
                .put(EPOCH, epoch)
                .put(IN_SYNC, MemberIds.write(inSync))
                .put(LEASE_RENEWED, leaseRenewed)
                .toMap();
    }
}
