package io.tandem.client.internal;

import io.tandem.client.Message;
import io.tandem.client.MqBrokerException;
import io.tandem.client.MqClientException;
import io.tandem.client.MqTimeoutException;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.client.TopicNotFoundException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.message.BatchEntry;
import io.tandem.protocol.message.BatchMessageCodec;
import io.tandem.protocol.message.BodyCompression;
import io.tandem.protocol.message.MessageProperties;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.message.UniqueKeyGenerator;
import io.tandem.protocol.trace.TraceMessageType;
import io.tandem.protocol.trace.TraceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The send path of one producer group (fact sheet 2.4, 7.2): turns messages into SEND_MESSAGE_V2 or
 * SEND_BATCH_MESSAGE requests (unique key, WAIT, zlib compression from the threshold, retry-topic header fields),
 * chooses queues round-robin, and retries synchronous sends on the codes the reference client retries, avoiding the
 * broker that just failed. Thread-safe.
 */
public final class MessageSender {

    /** Response codes after which a synchronous send is tried again (fact sheet 2.4). */
    private static final Set<Integer> RETRIABLE_CODES = Set.of(ResponseCode.TOPIC_NOT_EXIST,
            ResponseCode.SERVICE_NOT_AVAILABLE, ResponseCode.SYSTEM_ERROR, ResponseCode.SYSTEM_BUSY,
            ResponseCode.NO_PERMISSION, ResponseCode.NO_BUYER_ID, ResponseCode.NOT_IN_CURRENT_UNIT,
            ResponseCode.GO_AWAY);
    private static final String RETRY_TOPIC_PREFIX = "%RETRY%";
    /** First pause of a synchronous send while no group of its topic has a leader; doubles per attempt. */
    private static final Duration NO_LEADER_PAUSE = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(MessageSender.class);

    private final ClientInstance instance;
    private final String producerGroup;
    private final SendSettings settings;
    private final UniqueKeyGenerator uniqueKeys;
    private final MessageTracer tracer;

    /** A sender whose successful sends are traced ({@code Pub} records) when the client has message trace on. */
    public MessageSender(ClientInstance instance, String producerGroup, SendSettings settings) {
        this(instance, producerGroup, settings, instance.tracer());
    }

    private MessageSender(ClientInstance instance, String producerGroup, SendSettings settings,
                          MessageTracer tracer) {
        this.instance = instance;
        this.producerGroup = producerGroup;
        this.settings = settings;
        this.tracer = tracer;
        this.uniqueKeys = new UniqueKeyGenerator(ClientIds.localAddress(), ClientIds.processId(),
                System.identityHashCode(this), instance.config().clock());
    }

    /** A sender that writes no trace records: the one that sends the trace records themselves. */
    static MessageSender untraced(ClientInstance instance, String producerGroup, SendSettings settings) {
        return new MessageSender(instance, producerGroup, settings, null);
    }

    public String producerGroup() {
        return producerGroup;
    }

    public SendSettings settings() {
        return settings;
    }

    /**
     * One message ready for the wire.
     *
     * @param topic             target topic
     * @param requestCode       SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE
     * @param body              body as sent (compressed, or the batch encoding)
     * @param sysFlag           message sys flags
     * @param flag              the user's flag
     * @param properties        property string (for a batch: the batch-level properties)
     * @param messageId         unique key(s) reported in the result (comma-joined for a batch)
     * @param reconsumeTimes    header {@code j} for retry topics, else 0
     * @param maxReconsumeTimes header {@code l} for retry topics, else null
     */
    public record Prepared(String topic, int requestCode, byte[] body, int sysFlag, int flag, String properties,
                           String messageId, int reconsumeTimes, Integer maxReconsumeTimes) {
    }

    /**
     * Prepares a user message: adds a unique key unless it has one, WAIT=true, and compresses a body at or above the
     * threshold.
     *
     * @throws IllegalArgumentException if the body is larger than the maximum message size
     */
    public Prepared prepare(Message message) {
        return prepare(message.topic(), message.body(), message.flag(), message.properties());
    }

    /** Prepares a message from raw parts; system properties pass through as given (consumers' retry path). */
    public Prepared prepare(String topic, byte[] body, int flag, Map<String, String> properties) {
        if (body.length > settings.maxMessageSize()) {
            throw new IllegalArgumentException("message body of " + body.length + " bytes exceeds the maximum of "
                    + settings.maxMessageSize());
        }
        Map<String, String> wire = new LinkedHashMap<>(properties);
        String uniqueKey = wire.computeIfAbsent(PropertyKeys.UNIQ_KEY, ignored -> uniqueKeys.next());
        wire.putIfAbsent(PropertyKeys.WAIT, "true");
        int reconsumeTimes = 0;
        Integer maxReconsumeTimes = null;
        if (topic.startsWith(RETRY_TOPIC_PREFIX)) {
            String reconsume = wire.remove(PropertyKeys.RECONSUME_TIME);
            String max = wire.remove(PropertyKeys.MAX_RECONSUME_TIMES);
            reconsumeTimes = reconsume == null ? 0 : Integer.parseInt(reconsume);
            maxReconsumeTimes = max == null ? null : Integer.valueOf(max);
        }
        int sysFlag = 0;
        byte[] wireBody = body;
        if (body.length >= settings.compressThreshold()) {
            wireBody = BodyCompression.compressZlib(body, settings.compressLevel());
            sysFlag |= MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_ZLIB;
        }
        return new Prepared(topic, RequestCode.SEND_MESSAGE_V2, wireBody, sysFlag, flag,
                MessageProperties.encode(wire), uniqueKey, reconsumeTimes, maxReconsumeTimes);
    }

    /**
     * Prepares the half message of a transaction (fact sheet 7.3): TRAN_MSG=true, PGROUP=this sender's group, the
     * delay removed, sys flag PREPARED. The broker keeps it invisible until END_TRANSACTION commits it.
     */
    public Prepared prepareHalf(Message message) {
        Map<String, String> properties = new LinkedHashMap<>(message.properties());
        properties.remove(PropertyKeys.DELAY);
        properties.put(PropertyKeys.TRAN_MSG, "true");
        properties.put(PropertyKeys.PGROUP, producerGroup);
        Prepared plain = prepare(message.topic(), message.body(), message.flag(), properties);
        return new Prepared(plain.topic(), plain.requestCode(), plain.body(),
                MessageSysFlag.withTransactionType(plain.sysFlag(), MessageSysFlag.TRANSACTION_PREPARED_TYPE),
                plain.flag(), plain.properties(), plain.messageId(), plain.reconsumeTimes(),
                plain.maxReconsumeTimes());
    }

    /**
     * Prepares a batch (fact sheet 4.5): every member gets its own unique key and WAIT; the batch-level properties
     * carry one more unique key. Batches are never compressed.
     *
     * @throws IllegalArgumentException if the batch is empty, mixes topics, targets a retry topic, holds a delayed
     *                                  message, or encodes to more than the maximum message size
     */
    public Prepared prepareBatch(List<Message> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one message");
        }
        String topic = messages.get(0).topic();
        if (topic.startsWith(RETRY_TOPIC_PREFIX)) {
            throw new IllegalArgumentException("a batch cannot be sent to retry topic " + topic);
        }
        List<BatchEntry> entries = new ArrayList<>(messages.size());
        List<String> ids = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (!message.topic().equals(topic)) {
                throw new IllegalArgumentException("all messages of a batch must have the same topic: " + topic
                        + " and " + message.topic());
            }
            if (message.delayLevel() > 0 || message.deliverTimeMs() > 0) {
                throw new IllegalArgumentException("a batch cannot hold delayed messages");
            }
            Map<String, String> properties = new LinkedHashMap<>(message.properties());
            ids.add(properties.computeIfAbsent(PropertyKeys.UNIQ_KEY, ignored -> uniqueKeys.next()));
            properties.putIfAbsent(PropertyKeys.WAIT, "true");
            entries.add(new BatchEntry(message.flag(), message.body(), properties));
        }
        byte[] body = BatchMessageCodec.encode(entries);
        if (body.length > settings.maxMessageSize()) {
            throw new IllegalArgumentException("batch of " + body.length + " bytes exceeds the maximum of "
                    + settings.maxMessageSize());
        }
        Map<String, String> batchProperties = new LinkedHashMap<>();
        batchProperties.put(PropertyKeys.UNIQ_KEY, uniqueKeys.next());
        batchProperties.put(PropertyKeys.WAIT, "true");
        return new Prepared(topic, RequestCode.SEND_BATCH_MESSAGE, body, 0, 0,
                MessageProperties.encode(batchProperties), String.join(",", ids), 0, null);
    }

    /**
     * Sends synchronously: up to 1 + {@code syncRetries} attempts within the send timeout, each to the next queue
     * round-robin. Retries after transport failures and the retriable response codes; throws the last failure.
     *
     * <p>When a failure suggests that the broker group's leader moved (the broker was unreachable or silent, or
     * refused with SERVICE_NOT_AVAILABLE), the topic's route is looked up again at once before the next attempt.
     * The next attempt avoids the group that failed unless the route now names another leader for it; while no group
     * of the topic has a leader (between a leader's loss and its successor's registration), attempts wait a short,
     * growing pause. A failure after the request was written (the connection closed before the answer) leaves its
     * outcome unknown: the retry may store the message a second time, under the same unique key. A timeout uses up the
     * send timeout and is not retried.
     */
    public SendResult send(Prepared prepared) {
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        String avoidBroker = null;
        MqClientException last = null;
        for (int attempt = 0; attempt <= settings.syncRetries(); attempt++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            TopicRoutes.PublishQueues queues;
            try {
                queues = Calls.await(instance.publishQueues(prepared.topic()));
            } catch (TopicNotFoundException e) {
                if (instance.routes().route(prepared.topic()) == null) {
                    throw e;
                }
                // The topic exists but none of its groups has a leader right now: wait for one to be elected.
                last = last == null ? e : last;
                pauseBeforeRetry(attempt, deadline);
                continue;
            }
            MessageQueue queue = queues.next(avoidBroker);
            String address = instance.routes().masterAddress(queue.brokerName());
            try {
                return Calls.await(sendTo(queue, prepared, Duration.ofNanos(remaining)));
            } catch (MqBrokerException e) {
                if (!RETRIABLE_CODES.contains(e.code())) {
                    throw e;
                }
                last = e;
            } catch (MqClientException e) {
                if (!Calls.isTransportFailure(e)) {
                    throw e;
                }
                last = e;
            }
            avoidBroker = queue.brokerName();
            if (Calls.suggestsLeaderChange(last) && attempt < settings.syncRetries()
                    && refreshedToNewLeader(prepared.topic(), queue.brokerName(), address)) {
                avoidBroker = null;
            }
        }
        if (last == null) {
            throw new MqTimeoutException(prepared.topic(), prepared.requestCode(), settings.sendTimeout(), null);
        }
        throw last;
    }

    /**
     * Looks the route of {@code topic} up again (sharing a lookup in flight) and tells whether it names a leader of
     * {@code brokerName} other than {@code failedAddress}.
     */
    private boolean refreshedToNewLeader(String topic, String brokerName, String failedAddress) {
        try {
            Calls.await(instance.refreshRoute(topic));
        } catch (MqClientException e) {
            LOG.debug("Route lookup of {} after a failed send did not answer: {}", topic, e.toString());
            return false;
        }
        String leader = instance.routes().masterAddress(brokerName);
        return leader != null && !leader.equals(failedAddress);
    }

    /** Waits 100 ms, 200 ms, ... before attempt {@code attempt + 1}, never past {@code deadline}. */
    private static void pauseBeforeRetry(int attempt, long deadline) {
        long pause = Math.min(NO_LEADER_PAUSE.toNanos() << Math.min(attempt, 4), deadline - System.nanoTime());
        if (pause > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MqClientException("interrupted while waiting for the topic's broker groups to get a leader",
                        e);
            }
        }
    }

    /**
     * Sends asynchronously, retrying (up to {@code asyncRetries} times) after transport failures and refusals that
     * suggest the group's leader moved; before such a retry the topic's route is looked up again. The same caveat
     * about outcomes as for {@link #send} applies.
     */
    public CompletableFuture<SendResult> sendAsync(Prepared prepared) {
        return instance.publishQueues(prepared.topic())
                .thenCompose(queues -> sendAsync(prepared, queues, 0, null));
    }

    private CompletableFuture<SendResult> sendAsync(Prepared prepared, TopicRoutes.PublishQueues queues, int attempt,
                                                    String failedBroker) {
        MessageQueue queue = queues.next(failedBroker);
        String address = instance.routes().masterAddress(queue.brokerName());
        return sendTo(queue, prepared, settings.sendTimeout()).exceptionallyCompose(failure -> {
            if (Calls.suggestsLeaderChange(failure) && attempt < settings.asyncRetries() && !instance.isClosed()) {
                return instance.refreshRoute(prepared.topic())
                        .handle((route, lookupFailure) -> null)
                        .thenCompose(ignored -> instance.publishQueues(prepared.topic()))
                        .thenCompose(fresh -> {
                            String leader = instance.routes().masterAddress(queue.brokerName());
                            boolean moved = leader != null && !leader.equals(address);
                            return sendAsync(prepared, fresh, attempt + 1, moved ? null : queue.brokerName());
                        });
            }
            return CompletableFuture.failedFuture(Calls.unwrap(failure));
        });
    }

    /** Sends to one queue, without retries; fails with {@link MqBrokerException} for a refusing answer. */
    public CompletableFuture<SendResult> sendTo(MessageQueue queue, Prepared prepared, Duration timeout) {
        String address = instance.masterAddress(queue.brokerName());
        if (address == null) {
            return CompletableFuture.failedFuture(new MqClientException("no address known for broker "
                    + queue.brokerName()));
        }
        if (tracer == null) {
            return instance.invoke(address, request(queue, prepared), timeout)
                    .thenApply(response -> result(response, address, queue, prepared));
        }
        long startedMs = instance.config().clock().millis();
        long startedNs = System.nanoTime();
        return instance.invoke(address, request(queue, prepared), timeout).thenApply(response -> {
            SendResult result = result(response, address, queue, prepared);
            tracePublish(response, address, prepared, result, startedMs, startedNs);
            return result;
        });
    }

    /**
     * Records a {@code Pub} for a send the broker answered, as RocketMQ's clients do: only when the broker's answer
     * does not switch trace off for the message, one record per attempt, the compressed body length, the message
     * type from the half flag and the delay properties.
     */
    private void tracePublish(RemotingCommand response, String address, Prepared prepared, SendResult result,
                              long startedMs, long startedNs) {
        Map<String, String> answer = response.hasExtFields() ? response.extFields() : Map.of();
        if ("false".equals(answer.get(SendMessageResponseHeader.TRACE_ON))) {
            return;
        }
        Map<String, String> properties = MessageProperties.decode(prepared.properties());
        String region = answer.get(PropertyKeys.MSG_REGION);
        TraceMessageType type = "true".equals(properties.get(PropertyKeys.TRAN_MSG))
                ? TraceMessageType.TRANSACTION_HALF
                : properties.containsKey(PropertyKeys.DELAY) || properties.containsKey(PropertyKeys.TIMER_DELIVER_MS)
                ? TraceMessageType.DELAY : TraceMessageType.NORMAL;
        int costMs = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNs) / 1_000_000);
        tracer.record(new TraceRecord.Publish(startedMs,
                region == null || region.isEmpty() ? MessageTracer.DEFAULT_REGION : region, producerGroup,
                prepared.topic(), result.messageId(), properties.get(PropertyKeys.TAGS),
                properties.get(PropertyKeys.KEYS), address, prepared.body().length, costMs, type,
                result.offsetMessageId(), result.status() == SendStatus.SEND_OK, instance.clientId()));
    }

    /** Sends to one queue as a oneway request: no answer, no retry. */
    public CompletableFuture<Void> sendOneway(MessageQueue queue, Prepared prepared) {
        String address = instance.masterAddress(queue.brokerName());
        if (address == null) {
            return CompletableFuture.failedFuture(new MqClientException("no address known for broker "
                    + queue.brokerName()));
        }
        return instance.invokeOneway(address, request(queue, prepared));
    }

    private RemotingCommand request(MessageQueue queue, Prepared prepared) {
        SendMessageRequestHeader header = new SendMessageRequestHeader(producerGroup, prepared.topic(),
                TopicRoutes.TEMPLATE_TOPIC, TopicRoutes.DEFAULT_TOPIC_QUEUE_NUMS, queue.queueId(),
                prepared.sysFlag(), instance.config().clock().millis(), prepared.flag(), prepared.properties(),
                prepared.reconsumeTimes(), false, prepared.maxReconsumeTimes(),
                prepared.requestCode() == RequestCode.SEND_BATCH_MESSAGE, queue.brokerName());
        return RemotingCommand.request(prepared.requestCode())
                .extFields(header.toV2().toExtFields())
                .body(prepared.body())
                .build();
    }

    private static SendResult result(RemotingCommand response, String address, MessageQueue queue,
                                     Prepared prepared) {
        SendStatus status = switch (response.code()) {
            case ResponseCode.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw Calls.refused(response, address, prepared.requestCode());
        };
        SendMessageResponseHeader header;
        try {
            header = SendMessageResponseHeader.from(response);
        } catch (RuntimeException e) {
            throw new MqClientException(address + " answered " + RequestCode.describe(prepared.requestCode())
                    + " with an unreadable header: " + e.getMessage(), e);
        }
        return new SendResult(status, prepared.messageId(), header.msgId(),
                new MessageQueue(queue.topic(), queue.brokerName(), header.queueId()), header.queueOffset(),
                header.transactionId());
    }
}
