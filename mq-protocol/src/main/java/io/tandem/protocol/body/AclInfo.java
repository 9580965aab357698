package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.util.Arrays;
import java.util.List;

/**
 * Body of AUTH_CREATE_ACL and AUTH_UPDATE_ACL and of the answers to AUTH_GET_ACL (one) and AUTH_LIST_ACL (a JSON
 * array): one subject's policies, named as RocketMQ 5.3's {@code AclInfo}.
 *
 * @param subject  {@code User:<name>}, or null in a request (the header's subject is used)
 * @param policies the policies, at most one per policy type
 */
public record AclInfo(String subject, List<PolicyInfo> policies) {

    /**
     * @param policyType {@code Custom} (written by administrators) or {@code Default}, or null (Custom)
     * @param entries    one entry per resource
     */
    public record PolicyInfo(String policyType, List<PolicyEntryInfo> entries) {
    }

    /**
     * @param resource  {@code *}, {@code Cluster:<name>}, {@code Topic:<name>}, {@code Group:<name>}; a name of
     *                  {@code *} means any, a name ending in {@code *} a prefix
     * @param actions   {@code Pub}, {@code Sub}, {@code Create}, {@code Update}, {@code Delete}, {@code Get},
     *                  {@code List}, {@code All} (any case)
     * @param sourceIps addresses or CIDR ranges the entry applies to, or null/empty for every source
     * @param decision  {@code Allow} or {@code Deny} (any case)
     */
    public record PolicyEntryInfo(String resource, List<String> actions, List<String> sourceIps, String decision) {
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /** @throws ProtocolException if the bytes are not ACL JSON */
    public static AclInfo fromJson(byte[] json) {
        return RemotingJson.decode(json, AclInfo.class);
    }

    /** @throws ProtocolException if the bytes are not a JSON array of ACLs */
    public static List<AclInfo> listFromJson(byte[] json) {
        return Arrays.asList(RemotingJson.decode(json, AclInfo[].class));
    }
}
