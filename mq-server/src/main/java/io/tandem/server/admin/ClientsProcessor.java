package io.tandem.server.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.Connection;
import io.tandem.protocol.body.ProducerConnection;
import io.tandem.protocol.header.ConsumeMessageDirectlyRequestHeader;
import io.tandem.protocol.header.GetConsumerRunningInfoRequestHeader;
import io.tandem.protocol.header.GetProducerConnectionListRequestHeader;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.message.WireRecordWriter;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.store.MessageStore;
import io.tandem.store.StoredMessage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The clients as an operator sees them: a producer group's connections (GET_PRODUCER_CONNECTION_LIST, 204), one
 * consumer's own report of its queues and rates (GET_CONSUMER_RUNNING_INFO, 307) and handing one stored message to
 * one consumer's listener (CONSUME_MESSAGE_DIRECTLY, 309). The last two are passed on to the consumer over the
 * connection it opened and its answer is passed back unchanged; a consumer that does not answer within the call
 * timeout gets CONSUME_MSG_TIMEOUT, one that is not connected SYSTEM_ERROR, as from the reference broker.
 */
public final class ClientsProcessor implements RequestProcessor {

    /** How long the broker waits for a consumer's answer (the reference's 10 s). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final ClientRegistry clients;
    private final MessageStore store;
    private final WireRecordWriter wireWriter;
    private final BrokerIdentity identity;

    public ClientsProcessor(ClientRegistry clients, MessageStore store, WireRecordWriter wireWriter,
                            BrokerIdentity identity) {
        this.clients = clients;
        this.store = store;
        this.wireWriter = wireWriter;
        this.identity = identity;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.GET_PRODUCER_CONNECTION_LIST -> producers(context);
            case RequestCode.GET_CONSUMER_RUNNING_INFO -> {
                GetConsumerRunningInfoRequestHeader header =
                        GetConsumerRunningInfoRequestHeader.from(context.request());
                call(context, header.consumerGroup(), header.clientId(), context.request().extFields(), null);
            }
            case RequestCode.CONSUME_MESSAGE_DIRECTLY -> consumeDirectly(context);
            default -> throw new IllegalStateException("not a client request: " + context.request().code());
        }
    }

    private void producers(RequestContext context) {
        String group = GetProducerConnectionListRequestHeader.from(context.request()).producerGroup();
        Set<Connection> connections = new LinkedHashSet<>();
        for (ClientRegistry.Member member : clients.producers(group)) {
            connections.add(new Connection(member.clientId(), member.connection().remoteAddress(),
                    member.connection().language(), member.connection().version()));
        }
        if (connections.isEmpty()) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "the producer group[" + group + "] not exist");
            return;
        }
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .body(new ProducerConnection(connections).toJson()));
    }

    private void consumeDirectly(RequestContext context) {
        ConsumeMessageDirectlyRequestHeader header = ConsumeMessageDirectlyRequestHeader.from(context.request());
        if (header.msgId() == null) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "the request names no message (msgId)");
            return;
        }
        long position;
        try {
            position = OffsetMessageId.decode(header.msgId()).commitLogOffset();
        } catch (ProtocolException | IllegalArgumentException e) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "msgId " + header.msgId()
                    + " is not a broker message id: " + e.getMessage());
            return;
        }
        Optional<StoredMessage> message = store.readByPosition(position);
        if (message.isEmpty()) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "can not find message by the offset, " + position);
            return;
        }
        ByteBuf record = Unpooled.buffer();
        wireWriter.write(message.get(), record);
        Map<String, String> fields = new LinkedHashMap<>(context.request().extFields());
        fields.put("brokerName", identity.brokerName());
        call(context, header.consumerGroup(), header.clientId(), fields, ByteBufUtil.getBytes(record));
    }

    private void call(RequestContext context, String group, String clientId, Map<String, String> fields,
                      byte[] body) {
        ClientRegistry.Member member = member(group, clientId);
        if (member == null || !member.connection().isActive()) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "The Consumer <" + group + "> <" + clientId
                    + "> not online");
            return;
        }
        RemotingCommand.Builder request = RemotingCommand.request(context.request().code()).extFields(fields);
        if (body != null) {
            request.body(body);
        }
        member.connection().invoke(request, CALL_TIMEOUT).whenComplete((answer, failure) -> {
            if (failure == null) {
                RemotingCommand.Builder relayed = context.request().response(answer.code()).remark(answer.remark());
                if (answer.hasExtFields()) {
                    relayed.extFields(answer.extFields());
                }
                context.respond(relayed.body(answer.body()));
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                context.respondError(ResponseCode.CONSUME_MSG_TIMEOUT, "consumer <" + group + "> <" + clientId
                        + "> Timeout: " + cause.getMessage());
            } else {
                context.respondError(ResponseCode.SYSTEM_ERROR, "invoke consumer <" + group + "> <" + clientId
                        + "> Exception: " + cause);
            }
        });
    }

    private ClientRegistry.Member member(String group, String clientId) {
        ClientRegistry.ConsumerGroup consumers = clients.consumerGroup(group);
        if (consumers == null) {
            return null;
        }
        for (ClientRegistry.Member member : consumers.members()) {
            if (member.clientId().equals(clientId)) {
                return member;
            }
        }
        return null;
    }
}
