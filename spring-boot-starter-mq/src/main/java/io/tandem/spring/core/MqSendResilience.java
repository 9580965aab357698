package io.tandem.spring.core;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.tandem.client.MqBrokerException;
import io.tandem.client.MqClientException;
import io.tandem.client.MqConnectException;
import io.tandem.client.MqTimeoutException;
import io.tandem.protocol.ResponseCode;
import io.tandem.spring.support.MqDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Retries failed sends with exponential back-off and stops sending while the broker is unreachable, with
 * Resilience4j: every attempt passes a {@link CircuitBreaker} that records connection failures and timeouts
 * ({@link #isBrokerUnreachable}) and ignores every other outcome of a send; a {@link Retry} repeats attempts that
 * failed transiently ({@link #isTransient}). While the breaker is open, sends fail at once with
 * {@link MqBrokerUnavailableException}; a send that failed for good throws (or completes its future with)
 * {@link MqSendException} carrying the last attempt's exception. Misuse (an invalid message) is thrown unchanged.
 *
 * <p>Retrying a timed-out send may store the message twice, as the broker may have stored the first attempt:
 * consumers see at-least-once delivery either way. Asynchronous retries wait on one scheduler thread of this
 * object, never on the caller's thread.
 *
 * <p>Thread-safe. {@link #close()} stops the scheduler; asynchronous retries still waiting then fail.
 */
public final class MqSendResilience implements AutoCloseable {

    /** Name of the circuit breaker and the retry. */
    public static final String NAME = "tandem-mq-template";

    private static final Logger LOG = LoggerFactory.getLogger(MqSendResilience.class);

    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<Throwable> lastUnreachable = new AtomicReference<>();

    /**
     * @param circuitBreaker the breaker every attempt passes, or null for none; build its config with
     *                       {@link #circuitBreakerConfig()} so that it records the right failures
     * @param retry          the retry of failed attempts, or null for a single attempt; build its config with
     *                       {@link #retryConfig(int, Duration, double, Duration)}
     */
    public MqSendResilience(CircuitBreaker circuitBreaker, Retry retry) {
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
        this.scheduler = retry == null ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tandem-mq-send-retry");
            thread.setDaemon(true);
            return thread;
        });
        if (retry != null) {
            retry.getEventPublisher().onRetry(event -> LOG.debug("Send attempt {} failed, retrying in {} ms: {}",
                    event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(),
                    String.valueOf(event.getLastThrowable())));
        }
    }

    /** One attempt per send, no circuit breaker. */
    public static MqSendResilience none() {
        return new MqSendResilience(null, null);
    }

    /**
     * A circuit breaker configuration that records {@linkplain #isBrokerUnreachable unreachable-broker} failures and
     * ignores every other exception; set thresholds and waits on the returned builder.
     */
    public static CircuitBreakerConfig.Builder circuitBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .recordException(MqSendResilience::isBrokerUnreachable)
                .ignoreException(failure -> !isBrokerUnreachable(failure));
    }

    /**
     * A retry configuration: at most {@code maxAttempts} attempts, waiting {@code initialInterval} after the first
     * failure, multiplied by {@code multiplier} after each further one up to {@code maxInterval}, retrying only
     * {@linkplain #isTransient transient} failures.
     */
    public static RetryConfig retryConfig(int maxAttempts, Duration initialInterval, double multiplier,
                                          Duration maxInterval) {
        return RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(initialInterval, multiplier, maxInterval))
                .retryOnException(MqSendResilience::isTransient)
                .build();
    }

    /** Whether {@code failure} means the broker or name server could not be reached or did not answer in time. */
    public static boolean isBrokerUnreachable(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof MqConnectException || cause instanceof MqTimeoutException;
    }

    /** Whether another attempt may succeed: the broker was unreachable, or answered that it is busy for now. */
    public static boolean isTransient(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (isBrokerUnreachable(cause)) {
            return true;
        }
        return cause instanceof MqBrokerException refused && (refused.code() == ResponseCode.SYSTEM_BUSY
                || refused.code() == ResponseCode.SERVICE_NOT_AVAILABLE
                || refused.code() == ResponseCode.FLUSH_DISK_TIMEOUT);
    }

    /** The circuit breaker, or null when there is none. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** The retry, or null when every send is tried once. */
    public Retry retry() {
        return retry;
    }

    /**
     * Runs a synchronous send.
     *
     * @throws MqBrokerUnavailableException while the circuit breaker is open
     * @throws MqSendException              when the last attempt failed
     */
    public <T> T call(MqDestination destination, Supplier<T> send) {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<T> counted = () -> {
            attempts.incrementAndGet();
            return send.get();
        };
        Supplier<T> guarded = circuitBreaker == null ? counted : CircuitBreaker.decorateSupplier(circuitBreaker,
                counted);
        Supplier<T> retried = retry == null ? guarded : Retry.decorateSupplier(retry, guarded);
        try {
            return retried.get();
        } catch (RuntimeException e) {
            throw translate(destination, e, attempts.get());
        }
    }

    /**
     * Runs an asynchronous send; the returned future fails with {@link MqBrokerUnavailableException} while the circuit
     * breaker is open and with {@link MqSendException} when the last attempt failed.
     */
    public <T> CompletableFuture<T> callAsync(MqDestination destination, Supplier<CompletionStage<T>> send) {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<CompletionStage<T>> counted = () -> {
            attempts.incrementAndGet();
            try {
                return send.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        Supplier<CompletionStage<T>> guarded = circuitBreaker == null ? counted
                : CircuitBreaker.decorateCompletionStage(circuitBreaker, counted);
        CompletionStage<T> stage = retry == null ? guarded.get() : retry.executeCompletionStage(scheduler, guarded);
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translate(destination, unwrap(failure), attempts.get()));
            }
        });
        return result;
    }

    private RuntimeException translate(MqDestination destination, Throwable failure, int attempts) {
        if (failure instanceof CallNotPermittedException notPermitted) {
            Throwable last = lastUnreachable.get();
            return new MqBrokerUnavailableException(destination.toString(), "send to " + destination
                    + " refused without trying: the broker has been unreachable and circuit breaker '"
                    + notPermitted.getCausingCircuitBreakerName() + "' is " + circuitBreaker.getState()
                    + " (failure rate " + circuitBreaker.getMetrics().getFailureRate() + "%); it lets sends through"
                    + " again " + circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState()
                            .apply(1) + " ms after opening"
                    + (last == null ? "" : "; last failure: " + last.getMessage()), last == null ? failure : last);
        }
        if (isBrokerUnreachable(failure)) {
            lastUnreachable.set(failure);
        }
        if (failure instanceof MqClientException) {
            return new MqSendException(destination.toString(), attempts, "send to " + destination + " failed after "
                    + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + failure.getMessage(), failure);
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new MqSendException(destination.toString(), attempts, "send to " + destination + " failed: "
                + failure, failure);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
