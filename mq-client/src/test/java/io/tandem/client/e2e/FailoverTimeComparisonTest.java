package io.tandem.client.e2e;

import io.tandem.client.Message;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.testing.ThreadLeaks;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures, for Tandem's client and for the RocketMQ 5.3.3 client, the time from a broker group's leader stopping to
 * the next acknowledged send of a producer sending in a loop, both with their default settings (a 30 s route refresh
 * interval), over the same {@link FailingOverGroup}. Runs on demand, since a round of the RocketMQ client can take its
 * full refresh interval: {@code -Dfailover.compare=true}, optionally {@code -Dfailover.rounds=N} (default 3).
 */
@EnabledIfSystemProperty(named = "failover.compare", matches = "true")
class FailoverTimeComparisonTest {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverTimeComparisonTest.class);
    private static final String TOPIC = "Orders";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Longer than the RocketMQ client's 30 s route refresh interval. */
    private static final Duration LONGEST_ROUND = Duration.ofSeconds(45);

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shouldFindTheNewLeaderSoonerThanTheRoutesRefreshTimer() throws Exception {
        int rounds = Integer.getInteger("failover.rounds", 3);
        List<Gap> tandem = new ArrayList<>();
        List<Gap> rocketMq = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            tandem.add(round(directory.resolve("tandem-" + round), false));
            rocketMq.add(round(directory.resolve("rocketmq-" + round), true));
        }
        LOG.info("Failover, leader stopped -> next acknowledged send, ms (after the successor started, ms), {} rounds:"
                + "\n  Tandem client:        {}  median {}\n  RocketMQ 5.3.3 client: {}  median {}", rounds,
                tandem, median(tandem), rocketMq, median(rocketMq));
        assertThat(median(tandem).sinceStop()).isLessThan(median(rocketMq).sinceStop());
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private Gap round(Path root, boolean rocketMqClient) throws Exception {
        try (FailingOverGroup group = FailingOverGroup.start(root)) {
            try (AdminClient admin = AdminClient.start(group.clientConfig())) {
                admin.createTopic(TopicSettings.of(TOPIC, 4));
            }
            if (rocketMqClient) {
                DefaultMQProducer producer = new DefaultMQProducer("orders-producer-rocketmq");
                producer.setNamesrvAddr(group.nameServerAddress());
                producer.setInstanceName("failover-" + root.getFileName());
                producer.start();
                try {
                    return measure(group, new FailoverEndToEndTest.SendLoop(body -> producer.send(
                            new org.apache.rocketmq.common.message.Message(TOPIC,
                                    body.getBytes(StandardCharsets.UTF_8))).getMessageQueue().getBrokerName()));
                } finally {
                    producer.shutdown();
                }
            }
            try (Producer producer = Producer.start(group.clientConfig(), ProducerConfig.of("orders-producer"))) {
                return measure(group, new FailoverEndToEndTest.SendLoop(
                        body -> producer.send(Message.of(TOPIC, body)).queue().brokerName()));
            }
        }
    }

    private static Gap measure(FailingOverGroup group, FailoverEndToEndTest.SendLoop loop) throws Exception {
        loop.start();
        try {
            await().atMost(WAIT).until(() -> loop.acknowledgedCount() >= 50);
            FailingOverGroup.FailoverTimes times = group.failOver();
            await().atMost(LONGEST_ROUND).pollInterval(Duration.ofMillis(10))
                    .until(() -> loop.acknowledgedAfter(times.leaderStopped()));
            return new Gap(loop.firstAcknowledgementAfter(times.leaderStopped()).toMillis(),
                    loop.firstAcknowledgementAfter(times.successorStarted()).toMillis());
        } finally {
            loop.stop();
        }
    }

    private static Gap median(List<Gap> gaps) {
        List<Gap> sorted = new ArrayList<>(gaps);
        sorted.sort((a, b) -> Long.compare(a.sinceStop(), b.sinceStop()));
        return sorted.get(sorted.size() / 2);
    }

    /** Milliseconds to the next acknowledged send, from the leader's stop and from its successor's start. */
    record Gap(long sinceStop, long sinceSuccessor) {
        @Override
        public String toString() {
            return sinceStop + " (" + sinceSuccessor + ")";
        }
    }
}
