package io.tandem.spring.listener;

import io.tandem.client.ClientConfig;
import io.tandem.client.admin.AdminClient;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.config.MqListenerEndpointRegistry;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = MqListenerLifecycleIntegrationTest.App.class,
        properties = "tandem.mq.listener.shutdown-timeout=1500ms")
@EmbeddedMqBroker(topics = {"LifecycleSlow", "LifecycleStuck", "LifecycleEarly"})
@DirtiesContext
class MqListenerLifecycleIntegrationTest {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(1500);

    @Autowired
    MqTemplate template;

    @Autowired
    MqListenerEndpointRegistry registry;

    @Autowired
    MqTestBroker broker;

    @Autowired
    SlowListener slow;

    @Autowired
    StuckListener stuck;

    @Autowired
    StartupProbe probe;

    @Test
    void shouldStartContainersAfterTheOtherLifecycleBeansOfTheContext() {
        assertThat(probe.runningDuringStartup).as("a container ran before the application's own lifecycle beans")
                .isFalse();
        assertThat(registry.getListenerContainer("early").isRunning()).isTrue();
    }

    @Test
    void shouldLetAnInFlightMessageFinishAndCommitItsOffsetWhenStopping() throws Exception {
        MqListenerContainer container = registry.getListenerContainer("slow");
        assertThat(container.isRunning()).as("auto-startup is off").isFalse();
        container.start();
        template.send("LifecycleSlow", "in flight");
        assertThat(slow.entered.await(20, TimeUnit.SECONDS)).isTrue();

        AtomicReference<List<String>> completedWhenStopReturned = new AtomicReference<>();
        Thread stopper = Thread.ofPlatform().start(() -> {
            container.stop();
            completedWhenStopReturned.set(slow.completed.items());
        });
        await().atMost(Inbox.WAIT).until(() -> stopper.getState() == Thread.State.WAITING
                || stopper.getState() == Thread.State.TIMED_WAITING);
        assertThat(stopper.isAlive()).as("stop waits for the listener call in progress").isTrue();
        slow.release.countDown();
        stopper.join(10_000);

        assertThat(stopper.isAlive()).isFalse();
        assertThat(completedWhenStopReturned.get()).as("the call in progress had finished when stop returned")
                .containsExactly("in flight");
        assertThat(container.isRunning()).isFalse();
        try (AdminClient admin = AdminClient.start(ClientConfig.of(broker.nameServerAddress()))) {
            assertThat(admin.groupOffsets("lifecycle-slow", "LifecycleSlow").totalLag())
                    .as("the consumed message's offset was committed on stop").isZero();
        }
    }

    @Test
    void shouldInterruptAListenerCallThatOutlastsTheShutdownTimeout() throws Exception {
        MqListenerContainer container = registry.getListenerContainer("stuck");
        container.start();
        template.send("LifecycleStuck", "never finishes");
        assertThat(stuck.entered.await(20, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        container.stop();
        Duration stopping = Duration.ofNanos(System.nanoTime() - start);

        assertThat(stopping).isGreaterThanOrEqualTo(SHUTDOWN_TIMEOUT.minusMillis(100))
                .isLessThan(SHUTDOWN_TIMEOUT.plusSeconds(5));
        await().atMost(Duration.ofSeconds(5)).untilTrue(stuck.interrupted);
    }

    static class SlowListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Inbox<String> completed = new Inbox<>();

        @MqListener(id = "slow", topics = "LifecycleSlow", group = "lifecycle-slow", autoStartup = "false")
        void onMessage(String message) throws InterruptedException {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            completed.add(message);
        }
    }

    static class StuckListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();

        @MqListener(id = "stuck", topics = "LifecycleStuck", group = "lifecycle-stuck", autoStartup = "false")
        void onMessage(String message) {
            entered.countDown();
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            }
        }
    }

    static class EarlyListener {
        @MqListener(id = "early", topics = "LifecycleEarly", group = "lifecycle-early")
        void onMessage(String message) {
        }
    }

    /**
     * A lifecycle bean of phase 0, as a connection pool or cache might be, that does not depend on the registry (a
     * dependency would be started first): it must start before the containers, which exist by then.
     */
    static class StartupProbe implements SmartLifecycle {
        private final ApplicationContext context;
        volatile boolean runningDuringStartup = true;
        volatile boolean running;

        StartupProbe(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            MqListenerEndpointRegistry registry = context.getBean(MqListenerEndpointRegistry.class);
            runningDuringStartup = registry.getListenerContainers().isEmpty() || registry.getListenerContainers()
                    .stream()
                    .anyMatch(MqListenerContainer::isRunning);
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return 0;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({SlowListener.class, StuckListener.class, EarlyListener.class})
    static class App {
        @Bean
        StartupProbe startupProbe(ApplicationContext context) {
            return new StartupProbe(context);
        }
    }
}
