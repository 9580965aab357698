package io.tandem.coordinator;

import io.tandem.coordinator.check.CheckResilience;
import io.tandem.coordinator.record.CheckAttempt;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.coordinator.support.CoordinatorTestApplication;
import io.tandem.coordinator.support.SimulatedProducer;
import io.tandem.coordinator.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many halves due at once (as after an outage) are checked at the rate limiter's pace, configured with Resilience4j's
 * own properties, and every one of them is still resolved: back-pressure, not dropping.
 */
@SpringBootTest(classes = CoordinatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "tandem.coordinator.poll-interval=100ms",
                "tandem.coordinator.broker-timeout=500ms",
                "tandem.coordinator.lease-period=10s",
                "tandem.coordinator.max-checks=1",
                "tandem.coordinator.backoff.initial=200ms",
                "tandem.coordinator.backoff.max=400ms",
                "resilience4j.ratelimiter.configs.tandem-check.limit-for-period=5",
                "resilience4j.ratelimiter.configs.tandem-check.limit-refresh-period=500ms",
                "resilience4j.ratelimiter.configs.tandem-check.timeout-duration=2s",
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CheckStormTest {

    private static final int HALVES = 25;
    private static final String GROUP = "pg-storm";

    static TestBroker broker;

    @Autowired
    TransactionRecord record;

    @Autowired
    CheckResilience resilience;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        broker = TestBroker.start();
        registry.add("tandem.coordinator.brokers", broker::address);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:storm-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldCheckABacklogAtTheConfiguredRateAndResolveAllOfIt() {
        // When the limiter granted each check: the attempts' own times come after a broker request, whose latency
        // on a busy machine can bunch checks of successive periods together.
        List<Long> granted = new CopyOnWriteArrayList<>();
        resilience.rateLimiter().getEventPublisher()
                .onSuccess(event -> granted.add(event.getCreationTime().toInstant().toEpochMilli()));
        try (SimulatedProducer producer = new SimulatedProducer(broker.address(), GROUP)) {
            for (int i = 0; i < HALVES; i++) {
                producer.sendHalf("orders", "TX-STORM-" + i, null);
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> record.halvesOfGroup(GROUP).stream()
                .filter(half -> half.state() == HalfState.ROLLED_BACK).count() == HALVES);

        List<HalfRecord> halves = record.halvesOfGroup(GROUP);
        List<Long> firstChecks = halves.stream()
                .map(half -> record.attempts(half.id()).getFirst())
                .map(CheckAttempt::attemptedAtMs)
                .sorted()
                .toList();
        assertThat(firstChecks).hasSize(HALVES);
        assertThat(firstChecks.getLast() - firstChecks.getFirst())
                .as("25 checks at 5 per 500 ms take at least four refresh periods").isGreaterThanOrEqualTo(1_500);
        assertThat(granted).as("permits granted, one per check").hasSizeGreaterThanOrEqualTo(HALVES);
        for (long start : granted) {
            long inWindow = granted.stream().filter(at -> at >= start && at < start + 500).count();
            assertThat(inWindow).as("checks granted in the 500 ms from %d", start).isLessThanOrEqualTo(10);
        }
    }
}
