/**
 * The contract between the members of a replicated broker group and the controller quorum in the name servers
 * (Tandem extensions, codes 100200..100202 in {@link io.tandem.protocol.RequestCode}): members report themselves
 * with {@link io.tandem.protocol.controller.ControllerHeartbeatRequestHeader}, the leader its in-sync set with
 * {@link io.tandem.protocol.controller.AlterInSyncRequestHeader}, an operator elects with
 * {@link io.tandem.protocol.controller.ElectLeaderRequestHeader}; every answer carries the group's leader, epoch and
 * in-sync set ({@link io.tandem.protocol.controller.ControllerGroupResponseHeader}).
 */
package io.tandem.protocol.controller;
