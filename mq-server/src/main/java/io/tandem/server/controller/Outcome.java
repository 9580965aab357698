package io.tandem.server.controller;

/**
 * The result of applying a {@link ControllerCommand}: the group as it is afterwards, and whether the command changed
 * it (a refused command names why: a stale epoch, a fenced leader, a candidate outside the in-sync set).
 *
 * @param accepted whether the command took effect
 * @param reason   why it was refused, or null
 * @param group    the group's state after the command
 */
public record Outcome(boolean accepted, String reason, GroupState group) {
}
