package io.tandem.server.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The controller's replicated state: per broker group its members, leader, epoch and in-sync set, changed only by
 * {@link #apply}, which is deterministic so that every peer applying the same log holds the same state.
 *
 * <p>Rules. JOIN adds or moves a member; the first member of a group becomes its leader at epoch 1. ALTER_IN_SYNC is
 * accepted only from the current leader at the current epoch and must keep the leader in the set. ELECT is accepted
 * only at the epoch it was decided in, for a member other than the leader that is in the in-sync set (or any member
 * when the command is unclean); the new leader gets the next epoch and the deposed one leaves the in-sync set.
 *
 * <p>Not thread-safe: the state machine applies commands one at a time and reads through {@link #snapshot()}.
 */
final class ControllerState {

    private final Map<String, GroupState> groups = new TreeMap<>();

    Outcome apply(ControllerCommand command) {
        GroupState current = groups.getOrDefault(command.group(), GroupState.empty(command.group()));
        Outcome outcome = switch (command.kind()) {
            case JOIN -> join(current, command);
            case ALTER_IN_SYNC -> alterInSync(current, command);
            case ELECT -> elect(current, command);
        };
        if (outcome.accepted()) {
            groups.put(command.group(), outcome.group());
        }
        return outcome;
    }

    private static Outcome join(GroupState group, ControllerCommand command) {
        Map<Long, String> members = new HashMap<>(group.members());
        members.values().remove(command.address());
        members.put(command.memberId(), command.address());
        if (group.leader() == null) {
            return new Outcome(true, null, new GroupState(group.brokerName(), members, command.memberId(),
                    group.epoch() + 1, Set.of(command.memberId())));
        }
        return new Outcome(true, null, new GroupState(group.brokerName(), members, group.leader(), group.epoch(),
                group.inSync()));
    }

    private static Outcome alterInSync(GroupState group, ControllerCommand command) {
        if (group.leader() == null || group.leader() != command.memberId() || group.epoch() != command.epoch()) {
            return refused(group, "member " + command.memberId() + " at epoch " + command.epoch()
                    + " is not the leader of " + group.brokerName() + " (leader " + group.leader() + " at epoch "
                    + group.epoch() + ")");
        }
        if (!command.inSync().contains(command.memberId())) {
            return refused(group, "the in-sync set of " + group.brokerName() + " must hold its leader");
        }
        if (!group.members().keySet().containsAll(command.inSync())) {
            return refused(group, "in-sync set " + command.inSync() + " names members " + group.brokerName()
                    + " does not have");
        }
        return new Outcome(true, null, new GroupState(group.brokerName(), group.members(), group.leader(),
                group.epoch(), command.inSync()));
    }

    private static Outcome elect(GroupState group, ControllerCommand command) {
        long candidate = command.memberId();
        if (group.epoch() != command.epoch()) {
            return refused(group, "election for epoch " + command.epoch() + " of " + group.brokerName()
                    + " is stale: the group is at epoch " + group.epoch());
        }
        if (!group.members().containsKey(candidate)) {
            return refused(group, "member " + candidate + " is not a member of " + group.brokerName());
        }
        if (group.leader() != null && group.leader() == candidate) {
            return refused(group, "member " + candidate + " already leads " + group.brokerName());
        }
        if (!group.inSync().contains(candidate) && !command.unclean()) {
            return refused(group, "member " + candidate + " is not in the in-sync set " + group.inSync() + " of "
                    + group.brokerName() + " and unclean election was not allowed");
        }
        Set<Long> inSync = new TreeSet<>(command.unclean() ? Set.of() : group.inSync());
        if (group.leader() != null) {
            inSync.remove(group.leader());
        }
        inSync.add(candidate);
        return new Outcome(true, null, new GroupState(group.brokerName(), group.members(), candidate,
                group.epoch() + 1, inSync));
    }

    private static Outcome refused(GroupState group, String reason) {
        return new Outcome(false, reason, group);
    }

    Optional<GroupState> group(String brokerName) {
        return Optional.ofNullable(groups.get(brokerName));
    }

    List<GroupState> snapshot() {
        return new ArrayList<>(groups.values());
    }

    void restore(List<GroupState> snapshot) {
        groups.clear();
        snapshot.forEach(group -> groups.put(group.brokerName(), group));
    }
}
