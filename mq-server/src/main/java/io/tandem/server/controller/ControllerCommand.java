package io.tandem.server.controller;

import java.util.Objects;
import java.util.Set;

/**
 * One change of the controller's state, as it is written to the replicated log. Applied in log order by every peer,
 * with the same outcome everywhere ({@link ControllerState#apply}).
 *
 * @param kind     what the command does
 * @param group    the broker group
 * @param memberId JOIN: the joining member; ALTER_IN_SYNC: the leader reporting; ELECT: the candidate
 * @param address  JOIN: the member's broker address; otherwise null
 * @param epoch    ALTER_IN_SYNC and ELECT: the epoch the command was decided in (stale commands are refused)
 * @param inSync   ALTER_IN_SYNC: the new in-sync set; otherwise empty
 * @param unclean  ELECT: an operator allowed electing a member outside the in-sync set
 */
public record ControllerCommand(Kind kind, String group, long memberId, String address, long epoch, Set<Long> inSync,
                                boolean unclean) {

    /** The kinds of change. */
    public enum Kind {
        /** A member announces itself; the first member of a group becomes its leader at epoch 1. */
        JOIN,
        /** The leader reports which members keep up with it. */
        ALTER_IN_SYNC,
        /** A new leader at the next epoch. */
        ELECT
    }

    public ControllerCommand {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        inSync = inSync == null ? Set.of() : Set.copyOf(inSync);
    }

    public static ControllerCommand join(String group, long memberId, String address) {
        return new ControllerCommand(Kind.JOIN, group, memberId, Objects.requireNonNull(address, "address"), 0,
                Set.of(), false);
    }

    public static ControllerCommand alterInSync(String group, long leader, long epoch, Set<Long> inSync) {
        return new ControllerCommand(Kind.ALTER_IN_SYNC, group, leader, null, epoch, inSync, false);
    }

    public static ControllerCommand elect(String group, long candidate, long epoch, boolean unclean) {
        return new ControllerCommand(Kind.ELECT, group, candidate, null, epoch, Set.of(), unclean);
    }
}
