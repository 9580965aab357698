package io.tandem.spring.core;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.tandem.client.SendResult;
import io.tandem.client.producer.MessageQueueSelector;
import io.tandem.client.producer.Producer;
import io.tandem.spring.observation.DefaultMqTemplateObservationConvention;
import io.tandem.spring.observation.MqObservation;
import io.tandem.spring.observation.MqSenderContext;
import io.tandem.spring.observation.MqTemplateObservationConvention;
import io.tandem.spring.support.MqDestination;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.support.MqMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;

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
 * <p>Every send is a {@link MqObservation#SEND} observation (timed, and with tracing a producer span whose context the
 * message carries in its user properties), unless the template was given no {@link ObservationRegistry}.
 *
 * <p>Thread-safe: one template is shared by the whole application. It does not own the {@link Producer}.
 */
public final class MqTemplate {

    private final Producer producer;
    private final MessageConverter converter;
    private final MqSendResilience resilience;
    private final Clock clock;
    private final ObservationRegistry observationRegistry;
    private final MqTemplateObservationConvention observationConvention;
    private final MqMessageMapper mapper = new MqMessageMapper();

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
        this.producer = Objects.requireNonNull(producer, "producer");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.resilience = Objects.requireNonNull(resilience, "resilience");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
        this.observationConvention = observationConvention;
    }

    /** Sends and waits for the broker to store the message. */
    public SendResult send(String destination, Object payload) {
        MqDestination target = MqDestination.parse(destination);
        return send(target, convert(target, payload), producer::send);
    }

    /** Sends without blocking; the future completes when the broker stored the message, or with the failure. */
    public CompletableFuture<SendResult> sendAsync(String destination, Object payload) {
        MqDestination target = MqDestination.parse(destination);
        return sendAsync(target, convert(target, payload), producer::sendAsync);
    }

    /**
     * Sends without waiting for the broker: no result, and no knowledge of whether the broker stored it. Only
     * failures to reach the broker are reported (and retried).
     */
    public void sendOneway(String destination, Object payload) {
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
        MqDestination target = MqDestination.parse(destination);
        return send(target, convert(target, payload), message -> producer.sendOrderly(message, shardingKey));
    }

    /** {@link #sendOrderly} without blocking. */
    public CompletableFuture<SendResult> sendOrderlyAsync(String destination, Object payload, String shardingKey) {
        Objects.requireNonNull(shardingKey, "shardingKey");
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
        MqDestination target = MqDestination.parse(destination);
        List<io.tandem.client.Message.Builder> batch = new ArrayList<>(payloads.size());
        for (Object payload : payloads) {
            batch.add(convert(target, payload));
        }
        return sendAll(target, batch, producer::send);
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
        return sendAll(target, List.of(message), messages -> send.apply(messages.getFirst()));
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
