package io.tandem.server.auth;

import io.tandem.protocol.RemotingCommand;

import java.net.InetAddress;
import java.util.List;

/**
 * Decides whether an authenticated user may do what a request asks: super users may do everything; a normal user
 * needs, for every resource the request touches ({@link RequestAccess}), an entry of its {@link Acl} that allows it.
 * Refusals carry ACL 2.0's remarks. Thread-safe.
 */
public final class Authorizer {

    private final Acls acls;
    private final String clusterName;

    public Authorizer(Acls acls, String clusterName) {
        this.acls = acls;
        this.clusterName = clusterName;
    }

    /**
     * Null if allowed, else the remark explaining the refusal.
     *
     * @throws io.tandem.protocol.ProtocolException if a body the decision depends on is malformed
     */
    public String refusal(User user, RemotingCommand request, InetAddress source) {
        if (user.isSuper()) {
            return null;
        }
        List<RequestAccess.Need> needs = RequestAccess.of(request, clusterName);
        if (needs.isEmpty()) {
            return null;
        }
        Acl acl = acls.find(user.username()).orElse(null);
        for (RequestAccess.Need need : needs) {
            PolicyEntry entry = acl == null ? null : acl.decidingEntry(need.resource(), need.anyOf(), source);
            if (entry == null) {
                return remark(user, need, source, "no matched policies.");
            }
            if (entry.decision() == Decision.DENY) {
                return remark(user, need, source, "the decision is deny.");
            }
        }
        return null;
    }

    private static String remark(User user, RequestAccess.Need need, InetAddress source, String detail) {
        return user.subject() + " has no permission to access " + Printable.of(need.resource().key()) + " from "
                + source.getHostAddress() + ", " + detail;
    }
}
