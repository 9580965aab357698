package io.tandem.coordinator.support;

import io.tandem.client.remoting.RemotingClient;
import io.tandem.client.remoting.RemotingClientConfig;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.SendMessageRequestHeaderV2;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.header.ViewMessageRequestHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageProperties;
import io.tandem.protocol.message.OffsetMessageId;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A transactional producer on the wire, built on mq-client's {@link RemotingClient}: sends half messages
 * (SEND_MESSAGE_V2 with TRAN_MSG and PGROUP), optionally registers its group with a heartbeat so the broker can send
 * it CHECK_TRANSACTION_STATE, and answers those checks with END_TRANSACTION (oneway, fromTransactionCheck) as a
 * script says.
 */
public final class SimulatedProducer implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String broker;
    private final String group;
    private final RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
    private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
    private volatile BiFunction<String, Integer, TransactionResolution> answers = (transactionId, check) ->
            TransactionResolution.UNKNOWN;

    public SimulatedProducer(String broker, String group) {
        this.broker = broker;
        this.group = group;
        client.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, this::answer);
    }

    /** A half message sent by this producer. */
    public record SentHalf(long halfOffset, long commitLogOffset, String transactionId, String topic) {
    }

    /** Registers the group on the broker (HEART_BEAT), so that checks reach this producer. */
    public SimulatedProducer online() {
        String body = "{\"clientID\":\"" + group + "@sim\",\"producerDataSet\":[{\"groupName\":\"" + group
                + "\"}],\"consumerDataSet\":[]}";
        RemotingCommand response = call(RemotingCommand.request(RequestCode.HEART_BEAT)
                .body(body.getBytes(StandardCharsets.UTF_8)).build());
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("heartbeat refused: " + response);
        }
        return this;
    }

    /** How to answer checks: (transaction id, 1-based check number seen by this producer) to a resolution. */
    public SimulatedProducer answering(BiFunction<String, Integer, TransactionResolution> script) {
        this.answers = script;
        return this;
    }

    public SentHalf sendHalf(String topic, String transactionId, String keys) {
        Map<String, String> properties = new HashMap<>();
        properties.put("TRAN_MSG", "true");
        properties.put("PGROUP", group);
        properties.put("UNIQ_KEY", transactionId);
        if (keys != null) {
            properties.put("KEYS", keys);
        }
        SendMessageRequestHeader header = new SendMessageRequestHeader(group, topic, "TBW102", 4, 0, 0,
                System.currentTimeMillis(), 0, MessageProperties.encode(properties), 0, false, null, false, null);
        RemotingCommand response = call(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .extFields(SendMessageRequestHeaderV2.fromV1(header).toExtFields())
                .body(("payload of " + transactionId).getBytes(StandardCharsets.UTF_8))
                .build());
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("half refused: " + response);
        }
        SendMessageResponseHeader sent = SendMessageResponseHeader.from(response);
        return new SentHalf(sent.queueOffset(), OffsetMessageId.decode(sent.msgId()).commitLogOffset(),
                transactionId, topic);
    }

    /** The producer's own END_TRANSACTION after its local transaction (not an answer to a check). */
    public void end(SentHalf half, TransactionResolution resolution) {
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(group, half.halfOffset(),
                half.commitLogOffset(), resolution, false, half.transactionId(), half.transactionId(), half.topic(),
                null);
        RemotingCommand response = call(RemotingCommand.request(RequestCode.END_TRANSACTION)
                .extFields(header.toExtFields()).build());
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("end refused: " + response);
        }
    }

    /** When the broker stored the half, by the broker's clock, as VIEW_MESSAGE_BY_ID shows the stored record. */
    public long storedAtMs(SentHalf half) {
        RemotingCommand response = call(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID)
                .extFields(new ViewMessageRequestHeader(null, half.commitLogOffset()).toExtFields()).build());
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("view refused: " + response);
        }
        return MessageCodec.decodeAll(response.body()).getFirst().storeTimestamp();
    }

    /** Checks this producer received about the transaction. */
    public int checksReceived(String transactionId) {
        AtomicInteger count = checks.get(transactionId);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        client.close();
    }

    private RemotingCommand answer(String remoteAddress, RemotingCommand request) {
        CheckTransactionStateRequestHeader check = CheckTransactionStateRequestHeader.from(request);
        String transactionId = check.transactionId();
        int number = checks.computeIfAbsent(transactionId, key -> new AtomicInteger()).incrementAndGet();
        TransactionResolution resolution = answers.apply(transactionId, number);
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(group, check.tranStateTableOffset(),
                check.commitLogOffset(), resolution, true, check.msgId(), transactionId, check.topic(), null);
        client.invokeOneway(remoteAddress, RemotingCommand.request(RequestCode.END_TRANSACTION)
                .extFields(header.toExtFields()).oneway().build());
        return null;
    }

    private RemotingCommand call(RemotingCommand request) {
        return client.invoke(broker, request, TIMEOUT).join();
    }
}
