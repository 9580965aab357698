package io.tandem.coordinator.check;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;

import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * The Resilience4j instances checks go through, taken from the application's registries (those of
 * {@code resilience4j-spring-boot4}, configured with the usual {@code resilience4j.*} properties):
 * <ul>
 *   <li>a circuit breaker per producer group, {@value #BREAKER_PREFIX}{@code <group>}, around its HTTP check
 *   endpoint: while open, the group's halves are not sent there;</li>
 *   <li>one rate limiter, {@value #RATE_LIMITER}, that every check takes a permit from: after an outage, thousands of
 *   due halves are checked at this rate, waiting in the database meanwhile;</li>
 *   <li>one retry, {@value #HTTP_RETRY}, with exponential back-off around each HTTP check.</li>
 * </ul>
 * The instances use the named configurations {@value #BREAKER_CONFIG}, {@value #RATE_LIMITER} and
 * {@value #HTTP_RETRY}; when the application does not define them ({@code resilience4j.circuitbreaker.configs.*}
 * and so on) the defaults of this class are registered: a breaker that opens at 50% failures of the last 10 calls
 * (at least 5) for 30 s, 50 checks per second with a 5 s wait for a permit, and 3 HTTP attempts 200 ms then 400 ms
 * apart. Thread-safe.
 */
public final class CheckResilience {

    /** Name prefix of the per-group circuit breakers. */
    public static final String BREAKER_PREFIX = "tandem-check-";
    /** Configuration name of the per-group circuit breakers. */
    public static final String BREAKER_CONFIG = "tandem-check";
    /** Name of the check rate limiter and of its configuration. */
    public static final String RATE_LIMITER = "tandem-check";
    /** Name of the HTTP retry and of its configuration. */
    public static final String HTTP_RETRY = "tandem-check-http";

    private final CircuitBreakerRegistry breakers;
    private final RateLimiterRegistry limiters;
    private final RetryRegistry retries;

    public CheckResilience(CircuitBreakerRegistry breakers, RateLimiterRegistry limiters, RetryRegistry retries) {
        this.breakers = breakers;
        this.limiters = limiters;
        this.retries = retries;
        if (breakers.getConfiguration(BREAKER_CONFIG).isEmpty()) {
            breakers.addConfiguration(BREAKER_CONFIG, CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(10)
                    .minimumNumberOfCalls(5)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(Duration.ofSeconds(30))
                    .permittedNumberOfCallsInHalfOpenState(2)
                    .build());
        }
        if (limiters.getConfiguration(RATE_LIMITER).isEmpty()) {
            limiters.addConfiguration(RATE_LIMITER, RateLimiterConfig.custom()
                    .limitForPeriod(50)
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ofSeconds(5))
                    .build());
        }
        if (retries.getConfiguration(HTTP_RETRY).isEmpty()) {
            retries.addConfiguration(HTTP_RETRY, RetryConfig.custom()
                    .maxAttempts(3)
                    .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0))
                    .retryOnException(CheckResilience::retryable)
                    .build());
        }
    }

    /** The circuit breaker of the group's HTTP check endpoint. */
    public CircuitBreaker breaker(String producerGroup) {
        return breakers.circuitBreaker(BREAKER_PREFIX + producerGroup, BREAKER_CONFIG);
    }

    /** The rate limiter every check takes a permit from. */
    public RateLimiter rateLimiter() {
        return limiters.rateLimiter(RATE_LIMITER, RATE_LIMITER);
    }

    /** The retry around one HTTP check. */
    public Retry httpRetry() {
        return retries.retry(HTTP_RETRY, HTTP_RETRY);
    }

    /**
     * Whether an HTTP check failure is worth another attempt: I/O failures, timeouts and 5xx/429 answers are; an open
     * breaker, a lease running out and an unreadable answer are not.
     */
    public static boolean retryable(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CallNotPermittedException || cause instanceof LeaseDeadlineException
                || cause instanceof UnreadableAnswerException) {
            return false;
        }
        if (cause instanceof HttpStatusException status) {
            return status.status() >= 500 || status.status() == 429;
        }
        return true;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
