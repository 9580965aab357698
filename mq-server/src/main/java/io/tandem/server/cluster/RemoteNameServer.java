package io.tandem.server.cluster;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.RegisterBrokerBody;
import io.tandem.protocol.body.TopicConfigAndMappingSerializeWrapper;
import io.tandem.protocol.header.RegisterBrokerRequestHeader;
import io.tandem.protocol.header.UnregisterBrokerRequestHeader;
import io.tandem.server.remoting.PeerClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A name server across the network: REGISTER_BROKER with the whole topic table as JSON (the reference broker's
 * default; every name server reads it), UNREGISTER_BROKER on a clean stop.
 */
final class RemoteNameServer implements NameServerTarget {

    private final PeerClient client;
    private final String address;
    private final Duration timeout;

    RemoteNameServer(PeerClient client, String address, Duration timeout) {
        this.client = client;
        this.address = address;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return address;
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public CompletableFuture<Void> register(Announcement announcement) {
        byte[] body = new RegisterBrokerBody(TopicConfigAndMappingSerializeWrapper.of(announcement.dataVersion(),
                announcement.topics()), List.of()).encode(false);
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader(announcement.identity().brokerName(),
                announcement.identity().addressText(), announcement.identity().clusterName(),
                announcement.haAddress(), announcement.brokerId(), null, false, false,
                RegisterBrokerBody.crc32(body), announcement.brokerId(), null, announcement.maxOffset());
        return call(RemotingCommand.request(RequestCode.REGISTER_BROKER).extFields(header.toExtFields()).body(body)
                .build());
    }

    @Override
    public CompletableFuture<Void> unregister(Announcement announcement) {
        UnregisterBrokerRequestHeader header = new UnregisterBrokerRequestHeader(announcement.identity().brokerName(),
                announcement.identity().addressText(), announcement.identity().clusterName(),
                announcement.brokerId());
        return call(RemotingCommand.request(RequestCode.UNREGISTER_BROKER).extFields(header.toExtFields()).build());
    }

    private CompletableFuture<Void> call(RemotingCommand request) {
        return client.invoke(address, request, timeout).thenApply(response -> {
            if (response.code() != ResponseCode.SUCCESS) {
                throw new IllegalStateException(RequestCode.describe(request.code()) + " refused by " + address
                        + ": " + ResponseCode.describe(response.code()) + " " + response.remark());
            }
            return null;
        });
    }
}
