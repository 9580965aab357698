package io.tandem.coordinator.check;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.support.CheckEndpoint;
import io.tandem.coordinator.support.Properties;
import io.tandem.protocol.txn.CheckRequestSignature.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP check channel against a real HTTP server: answers, retries, the circuit breaker, discovery, deadlines, and
 * the signature a verifying producer checks.
 */
class HttpCheckChannelTest {

    private static final String SECRET = "coordinator-check-secret-41ad";

    private final CheckEndpoint endpoint = new CheckEndpoint();
    private final Clock clock = Clock.systemUTC();
    private HttpCheckChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
        endpoint.close();
    }

    @Test
    void shouldRetryAnErrorAnswerAndReturnTheAnswerThatFollows() {
        AtomicInteger calls = new AtomicInteger();
        endpoint.answering(query -> calls.incrementAndGet() == 1
                ? new CheckEndpoint.Reply(503, "busy", 0) : CheckEndpoint.Reply.state("COMMIT"));
        channel = channel(resilience(defaultBreakers()), null);

        HttpCheckResult result = channel.check(half("pg"), clock.millis() + 10_000);

        assertThat(result.answer()).isEqualTo(CheckAnswer.COMMIT);
        assertThat(endpoint.requests()).hasSize(2);
        assertThat(endpoint.requests().getFirst()).containsEntry("transactionId", "tx-1")
                .containsEntry("topic", "orders").containsEntry("keys", "k 1&2").containsEntry("producerGroup", "pg");
    }

    @Test
    void shouldNotRetryAnAnswerItCannotRead() {
        endpoint.answering(query -> new CheckEndpoint.Reply(200, "{\"status\":\"ok\"}", 0));
        channel = channel(resilience(defaultBreakers()), null);

        HttpCheckResult result = channel.check(half("pg"), clock.millis() + 10_000);

        assertThat(result.answer()).isEqualTo(CheckAnswer.FAILED);
        assertThat(result.error()).contains("instead of {\"state\"");
        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void shouldStopAskingAServiceWhoseBreakerOpened() {
        endpoint.answering(query -> new CheckEndpoint.Reply(500, "down", 0));
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        breakers.addConfiguration(CheckResilience.BREAKER_CONFIG, CircuitBreakerConfig.custom()
                .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1)).build());
        channel = channel(resilience(breakers), null);

        assertThat(channel.check(half("pg"), clock.millis() + 10_000).answer()).isEqualTo(CheckAnswer.FAILED);
        int asked = endpoint.requests().size();
        HttpCheckResult rejected = channel.check(half("pg"), clock.millis() + 10_000);

        assertThat(asked).isEqualTo(2);
        assertThat(rejected.answer()).isEqualTo(CheckAnswer.REJECTED);
        assertThat(endpoint.requests()).as("nothing sent while the breaker is open").hasSize(asked);
        assertThat(channel.check(half("other-group"), clock.millis() + 10_000).answer())
                .as("another group's breaker is its own").isEqualTo(CheckAnswer.FAILED);
    }

    @Test
    void shouldAskTheInstancesDiscoveryListsForTheGroupsService() {
        endpoint.answering(query -> CheckEndpoint.Reply.state("rollback"));
        DiscoveryClient discovery = new FixedDiscovery(List.of(new DefaultServiceInstance("p-1", "payments",
                "127.0.0.1", java.net.URI.create(endpoint.baseUrl()).getPort(), false)));
        channel = channel(resilience(defaultBreakers()), discovery);

        HttpCheckResult result = channel.check(half("discovered"), clock.millis() + 10_000);

        assertThat(result.answer()).isEqualTo(CheckAnswer.ROLLBACK);
        assertThat(endpoint.requests()).singleElement()
                .satisfies(query -> assertThat(query).containsEntry("path", "/tx/check"));
        try (HttpCheckChannel nobodyListed = channel(resilience(defaultBreakers()), new FixedDiscovery(List.of()))) {
            assertThat(nobodyListed.check(half("discovered"), clock.millis() + 10_000).answer())
                    .isEqualTo(CheckAnswer.NO_ENDPOINT);
        }
    }

    @Test
    void shouldStartNoRequestOnceTheLeaseDeadlinePassed() {
        channel = channel(resilience(defaultBreakers()), null);

        HttpCheckResult result = channel.check(half("pg"), clock.millis() - 1);

        assertThat(result.answer()).isEqualTo(CheckAnswer.FAILED);
        assertThat(result.error()).contains("lease");
        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void shouldRegisterItsDefaultsOnlyWhereTheApplicationConfiguredNone() {
        RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
        limiters.addConfiguration(CheckResilience.RATE_LIMITER, RateLimiterConfig.custom().limitForPeriod(7).build());
        CheckResilience resilience = new CheckResilience(CircuitBreakerRegistry.ofDefaults(), limiters,
                RetryRegistry.ofDefaults());

        assertThat(resilience.rateLimiter().getRateLimiterConfig().getLimitForPeriod()).isEqualTo(7);
        assertThat(resilience.httpRetry().getRetryConfig().getMaxAttempts()).isEqualTo(3);
        assertThat(resilience.breaker("pg").getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(10);
        assertThat(resilience.breaker("pg").getName()).isEqualTo("tandem-check-pg");
    }

    @Test
    void shouldSignEveryRequestWithTheSecretSoThatAVerifyingProducerAnswers() {
        endpoint.requiringSignature(SECRET).answering(query -> CheckEndpoint.Reply.state("COMMIT"));
        channel = channel(resilience(defaultBreakers()), null, Map.of("tandem.coordinator.http.secret", SECRET));

        HttpCheckResult result = channel.check(half("pg"), clock.millis() + 10_000);

        assertThat(result.answer()).isEqualTo(CheckAnswer.COMMIT);
        assertThat(endpoint.verdicts()).containsExactly(Verdict.VALID);
        assertThat(endpoint.requests()).singleElement().satisfies(query ->
                assertThat(query).containsEntry("transactionId", "tx-1").containsEntry("keys", "k 1&2"));
    }

    @Test
    void shouldSignWithTheGroupsOwnSecretWhereItHasOne() {
        endpoint.requiringSignature("payments-secret").answering(query -> CheckEndpoint.Reply.state("ROLLBACK"));
        channel = channel(resilience(defaultBreakers()), null, Map.of("tandem.coordinator.http.secret", SECRET,
                "tandem.coordinator.producers.pg.secret", "payments-secret"));

        assertThat(channel.check(half("pg"), clock.millis() + 10_000).answer()).isEqualTo(CheckAnswer.ROLLBACK);
        assertThat(channel.check(half("other-group"), clock.millis() + 10_000).answer())
                .as("the other group is signed with http.secret").isEqualTo(CheckAnswer.FAILED);
        assertThat(endpoint.verdicts()).containsExactly(Verdict.VALID, Verdict.WRONG_SIGNATURE);
    }

    @Test
    void shouldNotRetryARefusalAndSayWhatToCheckWithoutShowingTheSecret() {
        endpoint.requiringSignature("the-producers-secret");
        // A generous timeout: a request that timed out on a busy machine would rightly be retried.
        channel = channel(resilience(defaultBreakers()), null, Map.of("tandem.coordinator.http.secret", SECRET,
                "tandem.coordinator.http.timeout", "5s"));

        HttpCheckResult result = channel.check(half("pg"), clock.millis() + 10_000);

        assertThat(result.answer()).isEqualTo(CheckAnswer.FAILED);
        assertThat(result.error()).contains("answered HTTP 401").contains("tandem.mq.check-endpoint.secret")
                .doesNotContain(SECRET);
        assertThat(endpoint.verdicts()).containsExactly(Verdict.WRONG_SIGNATURE);
    }

    @Test
    void shouldSendNoSignatureWithoutASecret() {
        endpoint.requiringSignature(SECRET);
        channel = channel(resilience(defaultBreakers()), null);

        assertThat(channel.check(half("pg"), clock.millis() + 10_000).answer()).isEqualTo(CheckAnswer.FAILED);
        assertThat(endpoint.verdicts()).containsExactly(Verdict.MISSING);
    }

    @Test
    void shouldKeepTheSecretsOutOfThePropertiesShown() {
        CoordinatorProperties properties = Properties.bind(Map.of("tandem.coordinator.http.secret", SECRET,
                "tandem.coordinator.producers.pg.secret", "payments-secret"));

        assertThat(properties.toString()).contains("secret=***").doesNotContain(SECRET)
                .doesNotContain("payments-secret");
        assertThat(properties.checkSecret("pg")).isEqualTo("payments-secret");
        assertThat(properties.checkSecret("elsewhere")).isEqualTo(SECRET);
    }

    private HttpCheckChannel channel(CheckResilience resilience, DiscoveryClient discovery) {
        return channel(resilience, discovery, Map.of());
    }

    private HttpCheckChannel channel(CheckResilience resilience, DiscoveryClient discovery,
                                     Map<String, String> more) {
        Map<String, String> values = new HashMap<>(Map.of(
                "tandem.coordinator.http.timeout", "1s",
                "tandem.coordinator.producers.pg.check-url", endpoint.baseUrl() + "/check",
                "tandem.coordinator.producers.other-group.check-url", endpoint.baseUrl() + "/check",
                "tandem.coordinator.producers.discovered.service-id", "payments",
                "tandem.coordinator.producers.discovered.check-path", "/tx/check"));
        values.putAll(more);
        return new HttpCheckChannel(Properties.bind(values), discovery, resilience, clock);
    }

    private static CheckResilience resilience(CircuitBreakerRegistry breakers) {
        RetryRegistry retries = RetryRegistry.ofDefaults();
        retries.addConfiguration(CheckResilience.HTTP_RETRY, RetryConfig.custom().maxAttempts(2)
                .intervalFunction(IntervalFunction.of(Duration.ofMillis(20)))
                .retryOnException(CheckResilience::retryable).build());
        return new CheckResilience(breakers, RateLimiterRegistry.ofDefaults(), retries);
    }

    private static CircuitBreakerRegistry defaultBreakers() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    private static HalfRecord half(String group) {
        return new HalfRecord(1L, "b:1", 1, 1L, group, "tx-1", "orders", 0, "k 1&2", 0L, 0L, HalfState.PENDING, 0,
                null, 0, null, null, 0, 0, null, null, null);
    }

    /** A discovery client that always lists the same instances. */
    private record FixedDiscovery(List<ServiceInstance> instances) implements DiscoveryClient {

        @Override
        public String description() {
            return "fixed";
        }

        @Override
        public List<ServiceInstance> getInstances(String serviceId) {
            return instances;
        }

        @Override
        public List<String> getServices() {
            return List.of("payments");
        }
    }
}
