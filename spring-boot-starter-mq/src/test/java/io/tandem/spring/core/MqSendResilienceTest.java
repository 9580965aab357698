package io.tandem.spring.core;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.tandem.client.MqBrokerException;
import io.tandem.client.MqConnectException;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.spring.support.MqDestination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MqSendResilienceTest {

    private static final MqDestination ORDERS = MqDestination.parse("Orders:created");
    private static final Duration INITIAL_INTERVAL = Duration.ofMillis(50);

    private MqSendResilience resilience = new MqSendResilience(
            CircuitBreaker.of("test", MqSendResilience.circuitBreakerConfig()
                    .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofMinutes(1)).build()),
            Retry.of("test", MqSendResilience.retryConfig(3, INITIAL_INTERVAL, 2.0, Duration.ofSeconds(1))));

    @AfterEach
    void close() {
        resilience.close();
    }

    private static MqConnectException unreachable() {
        return new MqConnectException("127.0.0.1:1", RequestCode.SEND_MESSAGE_V2, new ConnectException("refused"));
    }

    @Test
    void shouldRetryAnUnreachableBrokerWithBackOffUntilTheSendSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();

        String result = resilience.call(ORDERS, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw unreachable();
            }
            return "stored";
        });

        assertThat(result).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("waits 50 ms, then 100 ms").isGreaterThanOrEqualTo(INITIAL_INTERVAL.multipliedBy(3));
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptWithTheClientsFailureAsCause() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatExceptionOfType(MqSendException.class)
                .isThrownBy(() -> resilience.call(ORDERS, () -> {
                    attempts.incrementAndGet();
                    throw unreachable();
                }))
                .withMessageContaining("send to Orders:created failed after 3 attempts")
                .withCauseInstanceOf(MqConnectException.class)
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(3));
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldNotRetryARefusalThatAnotherAttemptCannotFix() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatExceptionOfType(MqSendException.class)
                .isThrownBy(() -> resilience.call(ORDERS, () -> {
                    attempts.incrementAndGet();
                    throw new MqBrokerException(ResponseCode.MESSAGE_ILLEGAL, "too big", "127.0.0.1:1",
                            RequestCode.SEND_MESSAGE_V2);
                }))
                .withCauseInstanceOf(MqBrokerException.class);
        assertThat(attempts).hasValue(1);
        assertThat(resilience.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void shouldThrowMisuseUnchangedWithoutRetrying() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatIllegalArgumentException().isThrownBy(() -> resilience.call(ORDERS, () -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("message body must not be empty");
        }));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void shouldOpenWhileTheBrokerIsUnreachableAndThenFailFastNamingTheBreakerAndTheLastFailure() {
        resilience.close();
        resilience = new MqSendResilience(CircuitBreaker.of("tandem-mq-template", MqSendResilience
                .circuitBreakerConfig().slidingWindowSize(2).minimumNumberOfCalls(2)
                .waitDurationInOpenState(Duration.ofMinutes(1)).build()), null);
        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(MqSendException.class).isThrownBy(() -> resilience.call(ORDERS, () -> {
                throw unreachable();
            }));
        }
        AtomicInteger attempts = new AtomicInteger();

        assertThatExceptionOfType(MqBrokerUnavailableException.class)
                .isThrownBy(() -> resilience.call(ORDERS, attempts::incrementAndGet))
                .withMessageContaining("circuit breaker 'tandem-mq-template' is OPEN")
                .withMessageContaining("last failure: SEND_MESSAGE_V2")
                .satisfies(e -> assertThat(e.attempts()).isZero());
        assertThat(attempts).as("not tried").hasValue(0);
    }

    @Test
    void shouldRetryAsynchronousSendsOnTheSchedulerAndCompleteWithTheResult() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        CompletableFuture<String> result = resilience.callAsync(ORDERS, () -> attempts.incrementAndGet() < 2
                ? CompletableFuture.failedFuture(unreachable()) : CompletableFuture.completedFuture("stored"));

        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("stored");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void shouldCompleteAnAsynchronousSendThatFailedForGoodWithMqSendException() {
        CompletableFuture<String> result = resilience.callAsync(ORDERS, () -> {
            throw unreachable();
        });

        assertThat(result).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingCause().isInstanceOf(MqSendException.class)
                .withMessageContaining("after 3 attempts");
    }
}
