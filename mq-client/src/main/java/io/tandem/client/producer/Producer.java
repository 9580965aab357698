package io.tandem.client.producer;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.MqClientException;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.client.internal.Calls;
import io.tandem.client.internal.ClientInstance;
import io.tandem.client.internal.HeartbeatSource;
import io.tandem.client.internal.MessageSender;
import io.tandem.client.internal.TopicRoutes;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.ProducerData;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends messages to a Tandem (or any RocketMQ remoting) broker: synchronously, asynchronously, oneway, as a batch, in
 * order through a queue selector or a sharding key, delayed (by level or to a delivery time set on the
 * {@link Message}), and, when started with a {@link TransactionListener}, as transactional messages. Each send gets the message's unique key (UNIQ_KEY) unless one is set; bodies from 4 KiB are
 * zlib-compressed.
 *
 * <p>Routes come from the name servers on first use of a topic and are refreshed every
 * {@link ClientConfig#routeRefreshInterval()}; a topic the name servers do not know is sent with the
 * {@code TBW102} template's route, so a broker with auto-create on creates it. The producer heartbeats every broker
 * it knows and unregisters from them on {@link #close()}.
 *
 * <p>Thread-safe: one producer may be shared by many threads. Failure modes: synchronous sends throw
 * {@link io.tandem.client.MqBrokerException} (refused, after retrying the retriable codes on other queues),
 * {@link io.tandem.client.MqTimeoutException}, {@link io.tandem.client.MqConnectException} or
 * {@link io.tandem.client.TopicNotFoundException}; asynchronous sends complete their future with the same
 * exceptions; invalid messages (too large, mixed batch) raise {@link IllegalArgumentException}. Ordered sends are
 * never retried on another queue, since that would break the order.
 */
public final class Producer implements AutoCloseable {

    private final ProducerConfig config;
    private final ClientInstance instance;
    private final MessageSender sender;
    private final HeartbeatSource heartbeat;
    private final Transactions transactions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Producer(ClientConfig clientConfig, ProducerConfig config, TransactionListener transactionListener) {
        this.config = Objects.requireNonNull(config, "config");
        this.instance = new ClientInstance(Objects.requireNonNull(clientConfig, "clientConfig"), null);
        this.sender = new MessageSender(instance, config.producerGroup(), config.sendSettings());
        this.transactions = transactionListener == null ? null
                : new Transactions(instance, sender, transactionListener, config.checkThreads());
        Set<ProducerData> producerData = Set.of(new ProducerData(config.producerGroup()));
        this.heartbeat = new HeartbeatSource() {
            @Override
            public Set<ProducerData> producerData() {
                return producerData;
            }
        };
    }

    /** Creates and starts a producer; it holds connections until {@link #close()}. */
    public static Producer start(ClientConfig clientConfig, ProducerConfig config) {
        return start(new Producer(clientConfig, config, null));
    }

    /**
     * Creates and starts a producer that can also send transactional messages ({@link #sendInTransaction}) and
     * answers the brokers' check-backs for its group with {@code listener}.
     */
    public static Producer startTransactional(ClientConfig clientConfig, ProducerConfig config,
                                              TransactionListener listener) {
        return start(new Producer(clientConfig, config, Objects.requireNonNull(listener, "listener")));
    }

    private static Producer start(Producer producer) {
        if (producer.transactions != null) {
            producer.instance.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, producer.transactions::onCheck);
        }
        producer.instance.addHeartbeatSource(producer.heartbeat);
        producer.instance.start();
        if (producer.transactions != null) {
            // Reachable for check-backs of halves a crashed predecessor left, before this producer sends anything.
            producer.instance.watchCluster();
        }
        return producer;
    }

    public ProducerConfig config() {
        return config;
    }

    /** The id brokers know this producer's connections by. */
    public String clientId() {
        return instance.clientId();
    }

    /** Sends and waits for the broker's answer, retrying on another queue after retriable failures. */
    public SendResult send(Message message) {
        ensureOpen();
        return sender.send(sender.prepare(message));
    }

    /**
     * Sends without waiting. The future completes with the result, or with the failure after up to
     * {@link ProducerConfig#asyncRetryTimes()} further attempts after network failures.
     */
    public CompletableFuture<SendResult> sendAsync(Message message) {
        ensureOpen();
        return sender.sendAsync(sender.prepare(message));
    }

    /**
     * Sends without any answer (the broker does not respond to oneway requests): no result, no retry, and no
     * knowledge of whether the broker stored it. Waits only for the route lookup and the socket write.
     */
    public void sendOneway(Message message) {
        ensureOpen();
        MessageSender.Prepared prepared = sender.prepare(message);
        TopicRoutes.PublishQueues queues = Calls.await(instance.publishQueues(message.topic()));
        Calls.await(sender.sendOneway(queues.next(null), prepared));
    }

    /**
     * Sends messages of one topic as one SEND_BATCH_MESSAGE request, stored consecutively in one queue. The result's
     * message ids are the members' unique keys joined by commas.
     *
     * @throws IllegalArgumentException if the batch is empty, mixes topics, holds delayed messages or is too large
     */
    public SendResult send(List<Message> batch) {
        ensureOpen();
        return sender.send(sender.prepareBatch(batch));
    }

    /** Sends to the queue {@code selector} picks for {@code arg}, and waits; not retried on another queue. */
    public SendResult send(Message message, MessageQueueSelector selector, Object arg) {
        return Calls.await(sendAsync(message, selector, arg));
    }

    /** Sends to the queue {@code selector} picks for {@code arg}, without waiting; not retried. */
    public CompletableFuture<SendResult> sendAsync(Message message, MessageQueueSelector selector, Object arg) {
        ensureOpen();
        Objects.requireNonNull(selector, "selector");
        MessageSender.Prepared prepared = sender.prepare(message);
        return instance.publishQueues(message.topic()).thenCompose(queues -> {
            MessageQueue queue = selector.select(queues.queues(), message, arg);
            if (queue == null || !queues.queues().contains(queue)) {
                throw new MqClientException("selector chose " + queue + ", which is not a writable queue of "
                        + message.topic());
            }
            return sender.sendTo(queue, prepared, config.sendTimeout());
        });
    }

    /**
     * Sends to the queue that {@code shardingKey} hashes to, so every message with the same key lands in the same
     * queue, in send order, as long as the topic's queue count does not change.
     */
    public SendResult sendOrderly(Message message, String shardingKey) {
        return send(message, MessageQueueSelector.byArgumentHash(), Objects.requireNonNull(shardingKey,
                "shardingKey"));
    }

    /** Sends to one given queue and waits; not retried. */
    public SendResult send(Message message, MessageQueue queue) {
        ensureOpen();
        if (!queue.topic().equals(message.topic())) {
            throw new IllegalArgumentException("queue " + queue + " is not of topic " + message.topic());
        }
        return Calls.await(sender.sendTo(queue, sender.prepare(message), config.sendTimeout()));
    }

    /**
     * Sends {@code message} as a transactional half message (invisible to consumers), runs the listener's local
     * transaction when the broker stored it, and reports the decision with END_TRANSACTION (oneway, fact sheet 7.3).
     * An UNKNOWN decision, an exception of the listener or a lost END_TRANSACTION leave the message undecided until
     * the broker checks back. A delay level of the message is dropped, as the reference client does.
     *
     * @throws IllegalStateException if the producer was not started with {@link #startTransactional}
     */
    public TransactionSendResult sendInTransaction(Message message, Object arg) {
        ensureOpen();
        return requireTransactions().send(message, arg);
    }

    private Transactions requireTransactions() {
        if (transactions == null) {
            throw new IllegalStateException("producer " + config.producerGroup() + " has no transaction listener;"
                    + " start it with Producer.startTransactional");
        }
        return transactions;
    }

    /**
     * Sends {@code message} as a transactional half message and returns at once, leaving the decision to the caller:
     * for local transactions that end later than the send, such as a database transaction that commits after the
     * message was sent within it. Report the outcome with {@link #endTransaction}; until then, or if that report is
     * lost, the broker checks back with the {@link TransactionListener}. A delay level of the message is dropped.
     *
     * @throws IllegalStateException if the producer was not started with {@link #startTransactional}
     * @throws MqClientException     if the broker stored the half with a status other than SEND_OK (it is then
     *                               rolled back), and as {@link #send(Message)} does
     */
    public HalfMessage sendHalf(Message message) {
        ensureOpen();
        Transactions transactions = requireTransactions();
        HalfMessage half = transactions.sendHalf(message);
        if (half.sendResult().status() != SendStatus.SEND_OK) {
            transactions.end(half, TransactionState.ROLLBACK, "half stored with " + half.sendResult().status());
            throw new MqClientException("broker " + half.sendResult().queue().brokerName()
                    + " stored the half message " + half.transactionId() + " with status "
                    + half.sendResult().status() + "; it was rolled back");
        }
        return half;
    }

    /**
     * Reports the outcome of the local transaction of {@code half} to the broker that stored it (END_TRANSACTION,
     * oneway): COMMIT delivers the message, ROLLBACK discards it, UNKNOWN leaves it to the check-backs. A report
     * that is lost on the way is made up for by the broker's check-back.
     *
     * @throws IllegalStateException if the producer was not started with {@link #startTransactional}
     */
    public void endTransaction(HalfMessage half, TransactionState state) {
        Objects.requireNonNull(half, "half");
        Objects.requireNonNull(state, "state");
        ensureOpen();
        if (state != TransactionState.UNKNOWN) {
            requireTransactions().end(half, state, null);
        }
    }

    /** The queues this producer may write {@code topic} to (from the template while the topic has no route). */
    public List<MessageQueue> publishQueues(String topic) {
        ensureOpen();
        return Calls.await(instance.publishQueues(topic)).queues();
    }

    /** Unregisters from every known broker and closes the connections. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (transactions != null) {
            transactions.close();
        }
        instance.removeHeartbeatSource(heartbeat);
        instance.unregister(config.producerGroup(), null);
        instance.unregister(ClientInstance.INNER_PRODUCER_GROUP, null);
        instance.close();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new MqClientException("producer " + config.producerGroup() + " is closed");
        }
    }
}
