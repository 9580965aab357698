package io.tandem.server.auth;

import io.tandem.protocol.body.AclInfo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The access control list of one user: a custom and a default policy, each a list of entries with at most one entry
 * per resource. Immutable.
 *
 * <p>How a request is decided: the entries of the custom policy that match it are taken, or those of the default
 * policy when none does (as in ACL 2.0). Of these, any Deny wins, however broad its resource; otherwise an Allow
 * allows. No matching entry means denied.
 *
 * <p>Design note: ACL 2.0 lets the entry naming the resource most closely decide, so there an Allow on
 * {@code Topic:orders} beats a Deny on {@code Topic:*}. With at most one entry per resource that makes "Deny wins"
 * apply almost never; Tandem lets an explicit Deny always win, which is easier to reason about and fails closed. An
 * ACL copied from RocketMQ that relies on a narrow Allow inside a broad Deny must be rewritten.
 *
 * @param username whose ACL
 * @param policies the entries of each policy type; a type without entries is absent
 */
public record Acl(String username, Map<PolicyType, List<PolicyEntry>> policies) {

    public Acl {
        Objects.requireNonNull(username, "username");
        EnumMap<PolicyType, List<PolicyEntry>> copy = new EnumMap<>(PolicyType.class);
        policies.forEach((type, entries) -> {
            if (!entries.isEmpty()) {
                copy.put(type, List.copyOf(entries));
            }
        });
        policies = Collections.unmodifiableMap(copy);
    }

    /** The entry that decides a request touching {@code resource} with one of {@code anyOf}, or null if none. */
    PolicyEntry decidingEntry(Resource resource, Set<Action> anyOf, InetAddress source) {
        for (PolicyType type : PolicyType.values()) {
            PolicyEntry allow = null;
            for (PolicyEntry entry : policies.getOrDefault(type, List.of())) {
                if (entry.matches(resource, anyOf, source)) {
                    if (entry.decision() == Decision.DENY) {
                        return entry;
                    }
                    allow = allow == null ? entry : allow;
                }
            }
            if (allow != null) {
                return allow;
            }
        }
        return null;
    }

    /** This ACL with the entries of {@code other} added, each replacing this ACL's entry for the same resource. */
    Acl merge(Acl other) {
        Map<PolicyType, List<PolicyEntry>> merged = new EnumMap<>(PolicyType.class);
        for (PolicyType type : PolicyType.values()) {
            List<PolicyEntry> entries = new ArrayList<>(policies.getOrDefault(type, List.of()));
            for (PolicyEntry added : other.policies.getOrDefault(type, List.of())) {
                entries.removeIf(entry -> entry.resource().equals(added.resource()));
                entries.add(added);
            }
            merged.put(type, entries);
        }
        return new Acl(username, merged);
    }

    /** This ACL without the entry for {@code resource} in the policy of {@code type}. */
    Acl without(PolicyType type, Resource resource) {
        Map<PolicyType, List<PolicyEntry>> remaining = new EnumMap<>(policies);
        List<PolicyEntry> entries = new ArrayList<>(policies.getOrDefault(type, List.of()));
        entries.removeIf(entry -> entry.resource().equals(resource));
        remaining.put(type, entries);
        return new Acl(username, remaining);
    }

    boolean isEmpty() {
        return policies.isEmpty();
    }

    /**
     * Reads an admin or file body; the header's subject is used when the body has none.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Acl fromInfo(AclInfo info, String headerSubject) {
        if (info == null || info.policies() == null || info.policies().isEmpty()) {
            throw new IllegalArgumentException("the ACL body has no policies");
        }
        String subject = info.subject() == null || info.subject().isBlank() ? headerSubject : info.subject();
        String username = Subjects.username(subject);
        Map<PolicyType, List<PolicyEntry>> policies = new EnumMap<>(PolicyType.class);
        for (AclInfo.PolicyInfo policy : info.policies()) {
            if (policy == null || policy.entries() == null || policy.entries().isEmpty()) {
                throw new IllegalArgumentException("a policy of the ACL of " + Printable.of(subject)
                        + " has no entries");
            }
            List<PolicyEntry> entries = policies.computeIfAbsent(PolicyType.parse(policy.policyType()),
                    type -> new ArrayList<>());
            for (AclInfo.PolicyEntryInfo entryInfo : policy.entries()) {
                PolicyEntry entry = PolicyEntry.fromInfo(entryInfo);
                entries.removeIf(existing -> existing.resource().equals(entry.resource()));
                entries.add(entry);
            }
        }
        return new Acl(username, policies);
    }

    AclInfo toInfo() {
        List<AclInfo.PolicyInfo> infos = new ArrayList<>();
        policies.forEach((type, entries) -> infos.add(new AclInfo.PolicyInfo(type.wireName(),
                entries.stream().map(PolicyEntry::toInfo).toList())));
        return new AclInfo(Subjects.of(username), infos);
    }
}
