package io.tandem.server.controller;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the controller holds for one broker group. Immutable.
 *
 * @param brokerName the group
 * @param members    member id to the member's broker address
 * @param leader     member id of the leader, or null before the group has one
 * @param epoch      the leader's epoch: 0 before the first leader, one more at every election
 * @param inSync     member ids whose logs keep up with the leader's (the leader included); only these may be elected
 */
public record GroupState(String brokerName, Map<Long, String> members, Long leader, long epoch, Set<Long> inSync) {

    public GroupState {
        Objects.requireNonNull(brokerName, "brokerName");
        members = Collections.unmodifiableMap(new TreeMap<>(members == null ? Map.of() : members));
        inSync = Collections.unmodifiableSet(new TreeSet<>(inSync == null ? Set.of() : inSync));
    }

    static GroupState empty(String brokerName) {
        return new GroupState(brokerName, Map.of(), null, 0, Set.of());
    }

    /** The leader's broker address, or null. */
    public String leaderAddress() {
        return leader == null ? null : members.get(leader);
    }
}
