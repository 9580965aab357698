package io.tandem.server.namesrv;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.RegisterBrokerBody;
import io.tandem.protocol.header.RegisterBrokerRequestHeader;
import io.tandem.protocol.header.RegisterBrokerResponseHeader;
import io.tandem.protocol.header.UnregisterBrokerRequestHeader;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.time.Duration;

/**
 * REGISTER_BROKER (103) and UNREGISTER_BROKER (104) on a name server (fact sheet 6.6). A registration whose body does
 * not match its {@code bodyCrc32} is answered SYSTEM_ERROR "crc32 not match" as the reference does, one the registry
 * refuses SYSTEM_ERROR with the reason; a body that cannot be read INVALID_PARAMETER naming the problem. A replica's
 * answer names its group's leader. Never blocks.
 */
public final class RegistrationProcessor implements RequestProcessor {

    private final BrokerRegistry registry;

    public RegistrationProcessor(BrokerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.REGISTER_BROKER -> register(context);
            case RequestCode.UNREGISTER_BROKER -> unregister(context);
            default -> throw new IllegalStateException("not a registration request: " + context.request().code());
        }
    }

    private void register(RequestContext context) {
        RemotingCommand request = context.request();
        RegisterBrokerRequestHeader header = RegisterBrokerRequestHeader.from(request);
        if (header.bodyCrc32() != 0 && header.bodyCrc32() != RegisterBrokerBody.crc32(request.body())) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "crc32 not match: the header of " + header.brokerAddr()
                    + " says " + header.bodyCrc32() + ", its body has " + RegisterBrokerBody.crc32(request.body()));
            return;
        }
        RegisterBrokerBody body = RegisterBrokerBody.decode(request.body(), header.compressed(), request.version());
        RegistrationResult result = registry.register(new BrokerRegistration(header.clusterName(),
                header.brokerName(), header.brokerAddr(), header.haServerAddr(), header.brokerId(),
                header.effectiveMemberId(), header.epoch(), header.maxOffset(),
                header.heartbeatTimeoutMillis() == null ? null : Duration.ofMillis(header.heartbeatTimeoutMillis()),
                body.topicConfigSerializeWrapper().dataVersion(), body.topics(), false, false));
        if (!result.accepted()) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "register broker failed: " + result.reason());
            return;
        }
        context.respond(request.response(ResponseCode.SUCCESS).extFields(
                new RegisterBrokerResponseHeader(result.leaderHaAddress(), result.leaderAddress()).toExtFields()));
    }

    private void unregister(RequestContext context) {
        UnregisterBrokerRequestHeader header = UnregisterBrokerRequestHeader.from(context.request());
        registry.unregister(header.clusterName(), header.brokerName(), header.brokerAddr(), header.brokerId());
        context.respondSuccess();
    }
}
