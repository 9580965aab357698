package io.tandem.app;

import io.tandem.client.remoting.RemotingClient;
import io.tandem.client.remoting.RemotingClientConfig;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.SendMessageRequestHeaderV2;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageProperties;
import io.tandem.protocol.message.MessageRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A transactional producer on the wire, on mq-client's {@link RemotingClient}: sends half messages (SEND_MESSAGE_V2
 * with TRAN_MSG and PGROUP) to queue 0 of a topic and, once {@link #online(TransactionResolution)}, answers every
 * CHECK_TRANSACTION_STATE with END_TRANSACTION (oneway, fromTransactionCheck) and the given resolution. It also reads
 * queue 0 of a topic back with PULL_MESSAGE.
 */
final class WireProducer implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String broker;
    private final String group;
    private final RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
    private final Queue<String> checkedTransactions = new ConcurrentLinkedQueue<>();
    private volatile TransactionResolution answer = TransactionResolution.UNKNOWN;

    WireProducer(String broker, String group) {
        this.broker = broker;
        this.group = group;
        client.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, this::answer);
    }

    /** Registers the group with a heartbeat, so that the broker sends this producer the group's checks. */
    WireProducer online(TransactionResolution answer) {
        this.answer = answer;
        String body = "{\"clientID\":\"" + group + "@test\",\"producerDataSet\":[{\"groupName\":\"" + group
                + "\"}],\"consumerDataSet\":[]}";
        requireSuccess(call(RemotingCommand.request(RequestCode.HEART_BEAT)
                .body(body.getBytes(StandardCharsets.UTF_8)).build()), "heartbeat");
        return this;
    }

    /** Sends a half message; {@code extraProperties} are added to TRAN_MSG, PGROUP and UNIQ_KEY. */
    void sendHalf(String topic, String transactionId, Map<String, String> extraProperties) {
        Map<String, String> properties = new HashMap<>(extraProperties);
        properties.put("TRAN_MSG", "true");
        properties.put("PGROUP", group);
        properties.put("UNIQ_KEY", transactionId);
        SendMessageRequestHeader header = new SendMessageRequestHeader(group, topic, "TBW102", 4, 0, 0,
                System.currentTimeMillis(), 0, MessageProperties.encode(properties), 0, false, null, false, null);
        requireSuccess(call(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .extFields(SendMessageRequestHeaderV2.fromV1(header).toExtFields())
                .body(("order " + transactionId).getBytes(StandardCharsets.UTF_8))
                .build()), "half");
    }

    /** The messages in queue 0 of {@code topic} a consumer of {@code consumerGroup} can read, from offset 0. */
    List<MessageRecord> visibleMessages(String topic, String consumerGroup) {
        PullMessageRequestHeader header = new PullMessageRequestHeader(consumerGroup, topic, 0, 0, 32,
                PullSysFlag.SUBSCRIPTION, -1, 0, "*", 0, "TAG", null, null, null, null);
        RemotingCommand response = call(RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .extFields(header.toExtFields()).build());
        return response.code() == ResponseCode.SUCCESS ? MessageCodec.decodeAll(response.body()) : List.of();
    }

    /** Transaction ids of the checks this producer received, in order. */
    List<String> checkedTransactions() {
        return List.copyOf(checkedTransactions);
    }

    @Override
    public void close() {
        client.close();
    }

    private RemotingCommand answer(String remoteAddress, RemotingCommand request) {
        CheckTransactionStateRequestHeader check = CheckTransactionStateRequestHeader.from(request);
        checkedTransactions.add(check.transactionId());
        EndTransactionRequestHeader end = new EndTransactionRequestHeader(group, check.tranStateTableOffset(),
                check.commitLogOffset(), answer, true, check.msgId(), check.transactionId(), check.topic(), null);
        client.invokeOneway(remoteAddress, RemotingCommand.request(RequestCode.END_TRANSACTION)
                .extFields(end.toExtFields()).oneway().build());
        return null;
    }

    private RemotingCommand call(RemotingCommand request) {
        return client.invoke(broker, request, TIMEOUT).join();
    }

    private static void requireSuccess(RemotingCommand response, String what) {
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException(what + " refused: " + response.code() + " " + response.remark());
        }
    }
}
