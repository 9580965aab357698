package io.tandem.server.auth;

import io.tandem.protocol.body.AclInfo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One rule of a policy: for {@code resource}, requests doing one of {@code actions} from one of {@code sources}
 * (every source when empty) are allowed or denied.
 */
public record PolicyEntry(Resource resource, Set<Action> actions, List<SourceRange> sources, Decision decision) {

    /** @throws IllegalArgumentException if there is no action */
    public PolicyEntry {
        Objects.requireNonNull(resource, "resource");
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("the entry for " + resource + " names no action");
        }
        actions = Collections.unmodifiableSet(EnumSet.copyOf(actions));
        sources = List.copyOf(sources == null ? List.of() : sources);
        Objects.requireNonNull(decision, "decision");
    }

    /**
     * Whether this entry speaks about a request touching {@code requested} with one of {@code anyOf} from
     * {@code source}.
     */
    boolean matches(Resource requested, Set<Action> anyOf, InetAddress source) {
        if (!resource.covers(requested)) {
            return false;
        }
        if (!actions.contains(Action.ALL) && Collections.disjoint(actions, anyOf)) {
            return false;
        }
        if (sources.isEmpty()) {
            return true;
        }
        for (SourceRange range : sources) {
            if (range.contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException naming the field that is wrong */
    static PolicyEntry fromInfo(AclInfo.PolicyEntryInfo info) {
        if (info == null) {
            throw new IllegalArgumentException("a policy entry is null");
        }
        Resource resource = Resource.parse(info.resource());
        Set<Action> actions = EnumSet.noneOf(Action.class);
        if (info.actions() != null) {
            info.actions().forEach(name -> actions.add(Action.parse(name)));
        }
        List<SourceRange> sources = new ArrayList<>();
        if (info.sourceIps() != null) {
            info.sourceIps().forEach(ip -> sources.add(SourceRange.parse(ip)));
        }
        return new PolicyEntry(resource, actions, sources, Decision.parse(info.decision()));
    }

    AclInfo.PolicyEntryInfo toInfo() {
        List<String> actionNames = actions.stream().map(Action::wireName).toList();
        List<String> sourceTexts = sources.isEmpty() ? null : sources.stream().map(SourceRange::toString).toList();
        return new AclInfo.PolicyEntryInfo(resource.key(), actionNames, sourceTexts, decision.wireName());
    }
}
