package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * REGISTER_BROKER (103) request header (fact sheet 6.6): a broker tells a name server who it is; the body
 * ({@code RegisterBrokerBody}) lists its topics. The reference fields come first; Tandem adds three optional ones that
 * the controller of replicated broker groups will need, which reference name servers ignore.
 *
 * @param brokerName             the broker group (one leader and its replicas share it)
 * @param brokerAddr             {@code host:port} clients reach this member at
 * @param clusterName            cluster of the group
 * @param haServerAddr           {@code host:port} of this member's replication endpoint (the reference always sends
 *                               one; a member without replication sends its broker address)
 * @param brokerId               the id routes list this member under: 0 for the group's leader, another id for a
 *                               replica
 * @param heartbeatTimeoutMillis how long the name server may keep the member without hearing from it, or null for
 *                               the name server's own setting
 * @param enableActingMaster     the reference's acting-master mode, or null (an older broker)
 * @param compressed             whether the body is the deflated layout of {@code RegisterBrokerBodyDescriptor}
 *                               rather than JSON
 * @param bodyCrc32              CRC32 of the body masked to 31 bits, or 0 when not checked
 * @param memberId               Tandem: the member's stable id within its group (unchanged when it becomes leader),
 *                               or null when it is the same as {@code brokerId}
 * @param epoch                  Tandem: the leader epoch this member last saw, or null when the group is not replicated
 * @param maxOffset              Tandem: the end position of this member's commit log, or null
 */
public record RegisterBrokerRequestHeader(String brokerName, String brokerAddr, String clusterName,
                                          String haServerAddr, long brokerId, Long heartbeatTimeoutMillis,
                                          Boolean enableActingMaster, boolean compressed, int bodyCrc32,
                                          Long memberId, Long epoch, Long maxOffset) implements CommandHeader {

    public RegisterBrokerRequestHeader {
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(haServerAddr, "haServerAddr");
    }

    public static RegisterBrokerRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.REGISTER_BROKER, extFields));
    }

    public static RegisterBrokerRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static RegisterBrokerRequestHeader read(HeaderFields fields) {
        Boolean compressed = fields.optionalBoolean("compressed");
        Integer bodyCrc32 = fields.optionalInt("bodyCrc32");
        return new RegisterBrokerRequestHeader(
                fields.requiredString("brokerName"),
                fields.requiredString("brokerAddr"),
                fields.requiredString("clusterName"),
                fields.requiredString("haServerAddr"),
                fields.requiredLong("brokerId"),
                fields.optionalLong("heartbeatTimeoutMillis"),
                fields.optionalBoolean("enableActingMaster"),
                compressed != null && compressed,
                bodyCrc32 == null ? 0 : bodyCrc32,
                fields.optionalLong("memberId"),
                fields.optionalLong("epoch"),
                fields.optionalLong("maxOffset"));
    }

    /** {@link #memberId()} when given, else {@link #brokerId()}. */
    public long effectiveMemberId() {
        return memberId == null ? brokerId : memberId;
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("brokerName", brokerName)
                .put("brokerAddr", brokerAddr)
                .put("clusterName", clusterName)
                .put("haServerAddr", haServerAddr)
                .put("brokerId", brokerId)
                .put("heartbeatTimeoutMillis", heartbeatTimeoutMillis)
                .put("enableActingMaster", enableActingMaster)
                .put("compressed", compressed)
                .put("bodyCrc32", bodyCrc32)
                .put("memberId", memberId)
                .put("epoch", epoch)
                .put("maxOffset", maxOffset)
                .toMap();
    }
}
