package io.tandem.server.controller;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.controller.AlterInSyncRequestHeader;
import io.tandem.protocol.controller.ControllerGroupResponseHeader;
import io.tandem.protocol.controller.ControllerHeartbeatRequestHeader;
import io.tandem.protocol.controller.ElectLeaderRequestHeader;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The controller requests on a name server (TANDEM_CONTROLLER_HEARTBEAT, _ALTER_IN_SYNC, _ELECT). A heartbeat is
 * recorded on this peer, a member it does not know (or at new addresses) joins the group through the quorum, and
 * the answer is the group as this peer has applied it, saying whether it renews the sender's lease as leader. An
 * in-sync change or an election goes through the quorum and is answered with the group afterwards, or
 * ILLEGAL_OPERATION naming why the controller refused it. While the quorum has no majority the answer is
 * SERVICE_NOT_AVAILABLE. Without a controller on this name server every one is answered SERVICE_NOT_AVAILABLE saying
 * so ({@link #disabled()}). Never blocks.
 */
public final class ControllerProcessor implements RequestProcessor {

    /** Request codes this processor serves. */
    public static final int[] CODES = {RequestCode.TANDEM_CONTROLLER_HEARTBEAT,
            RequestCode.TANDEM_CONTROLLER_ALTER_IN_SYNC, RequestCode.TANDEM_CONTROLLER_ELECT};

    private final Controller controller;

    public ControllerProcessor(Controller controller) {
        this.controller = controller;
    }

    /** Answers every controller request with the explanation that this name server runs no controller. */
    public static RequestProcessor disabled() {
        return context -> context.respondError(ResponseCode.SERVICE_NOT_AVAILABLE, RequestCode.describe(
                context.request().code()) + ": this name server runs no controller (tandem.controller.enabled"
                + "=false); send it to a name server of the controller quorum");
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.TANDEM_CONTROLLER_HEARTBEAT -> heartbeat(context);
            case RequestCode.TANDEM_CONTROLLER_ALTER_IN_SYNC -> alterInSync(context);
            case RequestCode.TANDEM_CONTROLLER_ELECT -> elect(context);
            default -> throw new IllegalStateException("not a controller request: " + context.request().code());
        }
    }

    private void heartbeat(RequestContext context) {
        ControllerHeartbeatRequestHeader header = ControllerHeartbeatRequestHeader.from(context.request());
        String address = new MemberAddresses(header.brokerAddress(), header.replicationAddress()).text();
        controller.join(header.brokerName(), header.memberId(), address).whenComplete((group, failure) -> {
            if (failure != null) {
                unavailable(context, failure);
                return;
            }
            boolean renewed = controller.heartbeat(header.brokerName(), header.memberId(), header.epoch(),
                    header.maxOffset());
            GroupState current = controller.group(header.brokerName()).orElse(group);
            respond(context, current, renewed);
        });
    }

    private void alterInSync(RequestContext context) {
        AlterInSyncRequestHeader header = AlterInSyncRequestHeader.from(context.request());
        answer(context, controller.submit(ControllerCommand.alterInSync(header.brokerName(), header.memberId(),
                header.epoch(), header.inSync())));
    }

    private void elect(RequestContext context) {
        ElectLeaderRequestHeader header = ElectLeaderRequestHeader.from(context.request());
        long epoch = controller.group(header.brokerName()).map(GroupState::epoch).orElse(0L);
        answer(context, controller.submit(ControllerCommand.elect(header.brokerName(), header.memberId(), epoch,
                header.unclean())));
    }

    private void answer(RequestContext context, CompletableFuture<Outcome> outcome) {
        outcome.whenComplete((result, failure) -> {
            if (failure != null) {
                unavailable(context, failure);
            } else if (!result.accepted()) {
                context.respondError(ResponseCode.ILLEGAL_OPERATION, "controller refused "
                        + RequestCode.describe(context.request().code()) + ": " + result.reason());
            } else {
                respond(context, result.group(), false);
            }
        });
    }

    private void respond(RequestContext context, GroupState group, boolean renewed) {
        MemberAddresses leader = group.leaderAddress() == null ? null : MemberAddresses.parse(group.leaderAddress());
        ControllerGroupResponseHeader header = new ControllerGroupResponseHeader(group.leader(),
                leader == null ? null : leader.brokerAddress(), leader == null ? null : leader.replicationAddress(),
                group.epoch(), group.inSync(), renewed, controller.leaseDuration().toMillis());
        context.respond(context.request().response(ResponseCode.SUCCESS).extFields(header.toExtFields()));
    }

    private void unavailable(RequestContext context, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        context.respondError(ResponseCode.SERVICE_NOT_AVAILABLE, "controller peer " + controller.peerId()
                + " could not decide " + RequestCode.describe(context.request().code()) + ": " + cause);
    }
}
