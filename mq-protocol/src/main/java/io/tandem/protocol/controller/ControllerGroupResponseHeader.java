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
 * @param leaseMillis              the controller's lease in milliseconds, by which a leader fences itself (null from a
 *                                 peer that does not state it)
 */
public record ControllerGroupResponseHeader(Long leaderId, String leaderBrokerAddress, String leaderReplicationAddress,
                                            long epoch, Set<Long> inSync, boolean leaseRenewed, Long leaseMillis)
        implements CommandHeader {

    private static final String LEADER_ID = "leaderId";
    private static final String LEADER_BROKER_ADDRESS = "leaderBrokerAddress";
    private static final String LEADER_REPLICATION_ADDRESS = "leaderReplicationAddress";
    private static final String EPOCH = "epoch";
    private static final String IN_SYNC = "inSync";
    private static final String LEASE_RENEWED = "leaseRenewed";
    private static final String LEASE_MILLIS = "leaseMillis";

    public ControllerGroupResponseHeader {
        inSync = Set.copyOf(inSync == null ? Set.of() : inSync);
        if (leaseMillis != null && leaseMillis <= 0) {
            throw new IllegalArgumentException("leaseMillis must be positive, was " + leaseMillis);
        }
    }

    /** An answer that does not state the controller's lease. */
    public ControllerGroupResponseHeader(Long leaderId, String leaderBrokerAddress, String leaderReplicationAddress,
                                         long epoch, Set<Long> inSync, boolean leaseRenewed) {
        this(leaderId, leaderBrokerAddress, leaderReplicationAddress, epoch, inSync, leaseRenewed, null);
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
        Long lease = fields.optionalLong(LEASE_MILLIS);
        if (lease != null && lease <= 0) {
            throw fields.invalid(LEASE_MILLIS, "must be positive, was " + lease);
        }
        return new ControllerGroupResponseHeader(leader, brokerAddress, replicationAddress,
                fields.requiredLong(EPOCH), MemberIds.read(fields, IN_SYNC), renewed != null && renewed, lease);
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
                .put(LEASE_MILLIS, leaseMillis)
                .toMap();
    }
}
