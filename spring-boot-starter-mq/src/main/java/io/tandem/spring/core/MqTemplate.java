package io.tandem.spring.core;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.tandem.client.SendResult;
import io.tandem.client.producer.HalfMessage;
import io.tandem.client.producer.MessageQueueSelector;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;
import io.tandem.spring.observation.DefaultMqTemplateObservationConvention;
import io.tandem.spring.observation.MqObservation;
import io.tandem.spring.observation.MqSenderContext;
import io.tandem.spring.observation.MqTemplateObservationConvention;
import io.tandem.spring.support.MqDestination;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.support.MqMessageMapper;
import io.tandem.spring.transaction.CallerTransaction;
import io.tandem.spring.transaction.MqTransactionChecks;
import io.tandem.spring.transaction.MqTransactionListenerRegistry;
import io.tandem.spring.transaction.MqTransactionalSends;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ClassUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends application objects as Tandem messages: synchronously, asynchronously, oneway, in order by a sharding key,
 * delayed (by delay level, duration or delivery time) and as batches.
 *
 * <p>A destination is {@code topic} or {@code topic:tag}. A payload is converted by the configured Spring
 * {@link MessageConverter} ({@code byte[]} as is, {@code String} as text, other objects as JSON by default). A
 * payload may also be a Spring {@link Message}: its headers {@link MqHeaders#KEYS} and {@link MqHeaders#TAGS} set the
 * keys and tag, and its other headers become user properties.
 *
 * <pre>{@code
 * template.send("Orders:created", new OrderCreated(42));
 * template.send("Orders", MessageBuilder.withPayload(order).setHeader(MqHeaders.KEYS, "order-42").build());
 * }</pre>
 *
 * <p>Every send passes the {@link MqSendResilience}: transient failures are retried with back-off, and while the
 * broker is unreachable sends fail fast with {@link MqBrokerUnavailableException}. Failure modes: synchronous
 * sends throw {@link MqSendException} (or {@link MqBrokerUnavailableException}); asynchronous ones complete their
 * future with them; an invalid destination, message or header throws {@link IllegalArgumentException}, and a payload
 * no converter can write throws {@link MessageConversionException}, at once in both cases.
 *
 * <p>Inside a Spring transaction on the application's database, {@link #send}, {@link #sendAsync} and
 * {@link #sendDelayed(String, Object, Instant)} take part in it (see {@link MqTransactionalSends}); the other sends
 * refuse to. {@link #sendInTransaction} runs a local transaction in an
 * {@link io.tandem.spring.annotation.MqTransactionListener}, inside the caller's transaction when there is one.
 *
 * <p>Every send is a {@link MqObservation#SEND} observation (timed, and with tracing a producer span whose context the
 * message carries in its user properties), unless the template was given no {@link ObservationRegistry}.
 *
 * <p>Thread-safe: one template is shared by the whole application. It does not own the {@link Producer}.
 */
public final class MqTemplate {

    /** Whether spring-tx is on the class path, so that Spring transactions may run at all. */
    private static final boolean SPRING_TRANSACTIONS_PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager",
            MqTemplate.class.getClassLoader());

    private final Producer producer;
    private final MessageConverter converter;
    private final MqSendResilience resilience;
    private final Clock clock;
    private final ObservationRegistry observationRegistry;
    private final MqTemplateObservationConvention observationConvention;
    private final MqMessageMapper mapper = new MqMessageMapper();
    private final MqTransactionalSends transactionalSends;
    private final MqTransactionChecks transactionChecks;

    /**
     * @param producer   the started producer every send goes through
     * @param converter  writes payloads into message bodies
     * @param resilience the retry and circuit breaker around every send
     * @param clock      the time delays given as a {@link Duration} count from
     */
    public MqTemplate(Producer producer, MessageConverter converter, MqSendResilience resilience, Clock clock) {
        this(producer, converter, resilience, clock, ObservationRegistry.NOOP, null);
    }

    /**
     * @param producer              the started producer every send goes through
     * @param converter             writes payloads into message bodies
     * @param resilience            the retry and circuit breaker around every send
     * @param clock                 the time delays given as a {@link Duration} count from
     * @param observationRegistry   where sends are observed; {@link ObservationRegistry#NOOP} for nowhere
     * @param observationConvention the convention of the send observations, or null for the default one
     */
    public MqTemplate(Producer producer, MessageConverter converter, MqSendResilience resilience, Clock clock,
                      ObservationRegistry observationRegistry,
                      MqTemplateObservationConvention observationConvention) {
        this(producer, converter, resilience, clock, observationRegistry, observationConvention, null, null);
    }

    /**
     * A template that also takes part in Spring transactions and runs {@link #sendInTransaction}'s local
     * transactions; both need a producer started with {@link Producer#startTransactional}.
     *
     * @param transactionalSends makes sends inside Spring transactions part of them, or null
     * @param transactionChecks  routes {@link #sendInTransaction} to its listener, or null
     */
    public MqTemplate(Producer producer, MessageConverter converter, MqSendResilience resilience, Clock clock,
                      ObservationRegistry observationRegistry,
                      MqTemplateObservationConvention observationConvention,
                      MqTransactionalSends transactionalSends, MqTransactionChecks transactionChecks) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.resilience = Objects.requireNonNull(resilience, "resilience");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
        this.observationConvention = observationConvention;
        this.transactionalSends = transactionalSends;
        this.transactionChecks = transactionChecks;
    }

    /**
     * Sends and waits for the broker to store the message. Inside a Spring transaction on the application's
     * database the message is a half message, delivered once the transaction commits and dropped if it rolls back.
     */
    public SendResult send(String destination, Object payload) {
        MqDestination target = MqDestination.parse(destination);
        if (joinsTransaction()) {
            return sendJoined(target, convert(target, payload));
        }
        return send(target, convert(target, payload), producer::send);
    }

    /**
     * Sends without blocking; the future completes when the broker stored the message, or with the failure. Inside a
     * Spring transaction it sends as {@link #send} does, and returns a completed future.
     */
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload) {
        MqDestination target = MqDestination.parse(destination);
        if (joinsTransaction()) {
            try {
                return CompletableFuture.completedFuture(sendJoined(target, convert(target, payload)));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return sendAsync(target, convert(target, payload), producer::sendAsync);
    }

    /**
     * Sends without waiting for the broker: no result, and no knowledge of whether the broker stored it. Only
     * failures to reach the broker are reported (and retried).
     */
    public void sendOneway(String destination, Object payload) {
        refuseInTransaction("sendOneway");
        MqDestination target = MqDestination.parse(destination);
        send(target, convert(target, payload), message -> {
            producer.sendOneway(message);
            return null;
        });
    }

    /**
     * Sends to the queue {@code shardingKey} hashes to and waits, so messages with the same key are consumed in send
     * order by an orderly listener (as long as the topic's queue count does not change).
     */
    public SendResult sendOrderly(String destination, Object payload, String shardingKey) {
        Objects.requireNonNull(shardingKey, "shardingKey");
        refuseInTransaction("sendOrderly");
        MqDestination target = MqDestination.parse(destination);
        return send(target, convert(target, payload), message -> producer.sendOrderly(message, shardingKey));
    }

    /** {@link #sendOrderly} without blocking. */
    public CompletableFuture<SendResult> sendOrderlyAsync(String destination, Object payload, String shardingKey) {
        Objects.requireNonNull(shardingKey, "shardingKey");
        refuseInTransaction("sendOrderlyAsync");
        MqDestination target = MqDestination.parse(destination);
        return sendAsync(target, convert(target, payload), message -> producer.sendAsync(message,
                MessageQueueSelector.byArgumentHash(), shardingKey));
    }

    /**
     * Sends a message that the broker delivers after delay level {@code delayLevel} (1 = the broker's first level,
     * 1 s by default; the levels are the broker's setting).
     *
     * @throws IllegalArgumentException if {@code delayLevel} is below 1
     */
    public SendResult sendDelayed(String destination, Object payload, int delayLevel) {
        if (delayLevel < 1) {
            throw new IllegalArgumentException("delay level must be at least 1, was " + delayLevel);
        }
        refuseInTransaction("sendDelayed with a delay level (transactional messages keep a delivery time, not a"
                + " level: give a Duration or an Instant)");
        MqDestination target = MqDestination.parse(destination);
        return send(target, convert(target, payload).delayLevel(delayLevel), producer::send);
    }

    /**
     * Sends a message that the broker delivers {@code delay} from now (by this template's clock).
     *
     * @throws IllegalArgumentException if {@code delay} is not positive
     */
    public SendResult sendDelayed(String destination, Object payload, Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be a positive duration, was " + delay);
        }
        return sendDelayed(destination, payload, clock.instant().plus(delay));
    }

    /** Sends a message that the broker delivers not before {@code deliverAt}. */
    public SendResult sendDelayed(String destination, Object payload, Instant deliverAt) {
        Objects.requireNonNull(deliverAt, "deliverAt");
        MqDestination target = MqDestination.parse(destination);
        if (joinsTransaction()) {
            return sendJoined(target, convert(target, payload).deliverAt(deliverAt));
        }
        return send(target, convert(target, payload).deliverAt(deliverAt), producer::send);
    }

    /**
     * Sends {@code payloads} as one batch, stored consecutively in one queue of the topic. The result's message ids
     * are the members' ids joined by commas.
     *
     * @throws IllegalArgumentException if {@code payloads} is empty or the batch is too large
     */
    public SendResult sendBatch(String destination, Collection<?> payloads) {
        if (payloads == null || payloads.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one payload");
        }
        refuseInTransaction("sendBatch");
        MqDestination target = MqDestination.parse(destination);
        List<io.tandem.client.Message.Builder> batch = new ArrayList<>(payloads.size());
        for (Object payload : payloads) {
            batch.add(convert(target, payload));
        }
        return sendAll(target, batch, producer::send);
    }

    /**
     * Sends {@code payload} as a transactional message whose local transaction is run by the
     * {@link io.tandem.spring.annotation.MqTransactionListener} serving the destination's topic: the half message
     * is stored, then the listener's {@code execute} runs on this thread, and its answer decides the message
     * (UNKNOWN or null, and outside a transaction an exception, leave it to the listener's {@code check} on the
     * broker's check-back).
     *
     * <p>Which transaction {@code execute} runs in:
     * <ul>
     * <li>Outside any Spring transaction: none of the starter's; {@code execute} is the local transaction, and its
     * answer is reported to the broker before this method returns.</li>
     * <li>Inside a Spring transaction on the application's database (a JDBC or JPA transaction on its
     * {@code DataSource}): that transaction. {@code execute}'s work commits or rolls back with it, and so does the
     * message: its answer is held until the transaction ends, then the message is committed only if the transaction
     * committed and the answer was COMMIT, and rolled back if either said no. Check-backs that arrive meanwhile, in
     * this instance or another, wait for the transaction's end rather than guess (see
     * {@link io.tandem.spring.transaction.MqTransactionLog}). An exception from {@code execute} propagates to the
     * caller, so that the transaction rolls back as for any failure in it. The returned state is the listener's
     * answer, not yet reported.</li>
     * <li>Inside any other transaction: refused with {@link IllegalStateException}, before anything is sent,
     * because the message could not follow that transaction's outcome.</li>
     * </ul>
     *
     * <p>Design note: inside the caller's transaction the message is decided when that transaction completes,
     * rather than refused. The listener's work is then one part of a larger unit of work, and the alternative, which
     * makes the caller commit first and send afterwards, opens a window in which a crash leaves the change committed
     * and its message never sent. Holding the answer keeps one atomic unit while the listener keeps its veto, and
     * the message's row in the transaction log, written in the caller's transaction before the half is sent, lets
     * every check-back tell "still running" from "rolled back" through the database's own locking.
     *
     * @param arg handed to the listener's {@code execute}
     * @throws IllegalStateException if no listener serves the topic, or the call is made inside a transaction
     *                               the message cannot take part in
     */
    public TransactionSendResult sendInTransaction(String destination, Object payload, Object arg) {
        return sendInTransaction(null, destination, payload, arg);
    }

    /**
     * {@link #sendInTransaction(String, Object, Object)} run by the listener serving {@code transactionType}; the
     * type travels with the message, so its check-backs reach the same listener.
     *
     * @param transactionType a type of some listener's {@code types}, or null to route by topic
     * @throws IllegalStateException if no listener serves the type, or the call is made inside a transaction the
     *                               message cannot take part in
     */
    public TransactionSendResult sendInTransaction(String transactionType, String destination, Object payload,
                                                   Object arg) {
        if (transactionChecks == null) {
            throw new IllegalStateException("this MqTemplate has no transaction listeners: the starter configures"
                    + " them unless tandem.mq.transaction.enabled=false");
        }
        MqDestination target = MqDestination.parse(destination);
        MqTransactionListenerRegistry.Registered listener = transactionChecks.route(transactionType, target.topic());
        CallerTransaction caller = callerTransaction();
        if (caller == CallerTransaction.FOREIGN) {
            throw new IllegalStateException("sendInTransaction cannot run inside transaction '"
                    + CallerTransaction.currentName() + "': " + (transactionalSends == null
                    ? "this application has no transaction log (it needs a single DataSource and spring-jdbc)"
                    : "it does not use the application's DataSource") + ", so the message could not wait for its"
                    + " outcome. Call sendInTransaction after that transaction ended, or inside a transaction on the"
                    + " application's DataSource");
        }
        io.tandem.client.Message.Builder builder = convert(target, payload);
        @SuppressWarnings("unchecked")
        Message<Object> local = payload instanceof Message<?> given ? (Message<Object>) given
                : MessageBuilder.withPayload(payload).build();
        if (caller == CallerTransaction.JOINABLE) {
            return sendInCallersTransaction(target, builder, transactionType, listener, local, arg);
        }
        transactionChecks.prepareLocal(builder, target.topic(), transactionType, producer.config().producerGroup());
        MqTransactionChecks.LocalExecution execution = new MqTransactionChecks.LocalExecution(listener, local, arg);
        return send(target, builder, message -> producer.sendInTransaction(message, execution));
    }

    /**
     * The client message this template would send for {@code payload}: for use with the {@link Producer} directly.
     */
    public io.tandem.client.Message toMessage(String destination, Object payload) {
        return convert(MqDestination.parse(destination), payload).build();
    }

    /** The producer the sends go through. */
    public Producer producer() {
        return producer;
    }

    /** A synchronous send of one message through {@link #sendAll}. */
    private <T> T send(MqDestination target, io.tandem.client.Message.Builder message,
                       Function<io.tandem.client.Message, T> send) {
        return sendAll(target, List.of(message), messages -> send.apply(messages.get(0)));
    }

    /**
     * Every synchronous send: observed, the messages built after the observation wrote the trace context into them,
     * sent through the resilience.
     */
    private <T> T sendAll(MqDestination target, List<io.tandem.client.Message.Builder> messages,
                          Function<List<io.tandem.client.Message>, T> send) {
        MqSenderContext context = new MqSenderContext(target, messages);
        Observation observation = observation(context).start();
        try (Observation.Scope ignored = observation.openScope()) {
            List<io.tandem.client.Message> built = messages.stream().map(io.tandem.client.Message.Builder::build)
                    .toList();
            T result = resilience.call(target, retriesObserved(observation, () -> send.apply(built)));
            if (result instanceof SendResult sent) {
                context.setSendResult(sent);
            } else if (result instanceof TransactionSendResult transactional) {
                context.setSendResult(transactional.sendResult());
            } else if (result instanceof HalfMessage half) {
                context.setSendResult(half.sendResult());
            }
            return result;
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    /** Every asynchronous send, like {@link #sendAll}; the observation stops when the future completes. */
    private <T> CompletableFuture<T> sendAsync(MqDestination target, io.tandem.client.Message.Builder message,
                                               Function<io.tandem.client.Message, CompletionStage<T>> send) {
        MqSenderContext context = new MqSenderContext(target, List.of(message));
        Observation observation = observation(context).start();
        CompletableFuture<T> sent;
        try (Observation.Scope ignored = observation.openScope()) {
            io.tandem.client.Message built = message.build();
            sent = resilience.callAsync(target, retriesObserved(observation, () -> send.apply(built)));
        } catch (RuntimeException e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        sent.whenComplete((value, failure) -> {
            if (failure == null) {
                if (value instanceof SendResult sendResult) {
                    context.setSendResult(sendResult);
                }
                observation.stop();
                result.complete(value);
            } else {
                observation.error(failure);
                observation.stop();
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    private boolean joinsTransaction() {
        return transactionalSends != null && transactionalSends.joinsCurrentTransaction();
    }

    private void refuseInTransaction(String operation) {
        if (joinsTransaction()) {
            throw new IllegalStateException(operation + " cannot take part in a transaction: use send, sendAsync or"
                    + " sendDelayed with a Duration or an Instant inside it, or send after the transaction");
        }
    }

    /**
     * A {@code sendInTransaction} that takes part in the current transaction: its log row, the half message, the
     * listener's {@code execute} in the transaction, its answer into the row; the transaction's end decides.
     */
    private TransactionSendResult sendInCallersTransaction(MqDestination target,
                                                           io.tandem.client.Message.Builder message,
                                                           String transactionType,
                                                           MqTransactionListenerRegistry.Registered listener,
                                                           Message<Object> local, Object arg) {
        String transactionId = transactionalSends.recordLocal(message, target.topic(), transactionType);
        HalfMessage half = send(target, message, built -> {
            HalfMessage sent = producer.sendHalf(built);
            transactionalSends.enlist(sent);
            return sent;
        });
        TransactionState answer = listener.listener().execute(local, arg);
        if (answer == null) {
            answer = TransactionState.UNKNOWN;
        }
        transactionalSends.recordAnswer(transactionId, answer);
        return new TransactionSendResult(half.sendResult(), answer);
    }

    /** The calling thread's transaction; NONE where the application has no Spring transactions at all. */
    private CallerTransaction callerTransaction() {
        if (transactionalSends != null) {
            return transactionalSends.callerTransaction();
        }
        return SPRING_TRANSACTIONS_PRESENT ? CallerTransaction.current(null) : CallerTransaction.NONE;
    }

    /** A send that takes part in the current transaction: its log row first, then the half message. */
    private SendResult sendJoined(MqDestination target, io.tandem.client.Message.Builder message) {
        transactionalSends.record(message, target.topic());
        return send(target, message, half -> {
            HalfMessage sent = producer.sendHalf(half);
            transactionalSends.enlist(sent);
            return sent.sendResult();
        });
    }

    private Observation observation(MqSenderContext context) {
        return MqObservation.SEND.observation(observationConvention, DefaultMqTemplateObservationConvention.INSTANCE,
                () -> context, observationRegistry);
    }

    /** {@code attempt}, reporting each call after the first (an attempt of the retry) on {@code observation}. */
    private static <T> Supplier<T> retriesObserved(Observation observation, Supplier<T> attempt) {
        AtomicInteger attempts = new AtomicInteger();
        return () -> {
            if (attempts.getAndIncrement() > 0) {
                observation.event(MqObservation.Events.SEND_RETRY);
            }
            return attempt.get();
        };
    }

    private io.tandem.client.Message.Builder convert(MqDestination destination, Object payload) {
        Objects.requireNonNull(payload, "payload");
        Object body = payload;
        MessageHeaders headers = null;
        if (payload instanceof Message<?> message) {
            body = message.getPayload();
            headers = message.getHeaders();
        }
        Message<?> converted;
        if (body instanceof byte[]) {
            converted = headers == null ? MessageBuilder.withPayload(body).build()
                    : MessageBuilder.createMessage(body, headers);
        } else {
            converted = converter.toMessage(body, headers);
            if (converted == null) {
                throw new MessageConversionException("no message converter can write a " + body.getClass().getName()
                        + (headers == null || headers.get(MessageHeaders.CONTENT_TYPE) == null ? ""
                        : " as " + headers.get(MessageHeaders.CONTENT_TYPE)));
            }
        }
        return mapper.toClientMessage(destination, converted);
    }
}
