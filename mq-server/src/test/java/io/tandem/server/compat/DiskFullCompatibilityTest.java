package io.tandem.server.compat;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.protocol.ResponseCode;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.txn.CheckBackPolicy;
import io.tandem.testing.TinyFileSystem;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The unmodified RocketMQ 5.3.3 client against a broker whose data directory is on a small file system the test
 * mounts (a tmpfs; needs root, as in CI, and is skipped with a message elsewhere): sends are refused before the disk is
 * full with SERVICE_NOT_AVAILABLE naming the disk, consumers, offsets and transaction decisions keep working, nothing
 * acknowledged is lost, and sends resume by themselves once space is freed.
 */
class DiskFullCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long MIB = 1 << 20;
    private static final long DISK = 32 * MIB;
    private static final double HIGH_WATER_MARK = 0.80;

    @TempDir
    Path directory;

    @Test
    void shouldRefuseSendsBeforeTheDiskIsFullKeepConsumersAndDecisionsWorkingAndResumeWhenSpaceIsFreed() throws Exception {
        try (TinyFileSystem fs = TinyFileSystem.mount(directory.resolve("tiny"), DISK)) {
            // Another program's file takes half of the disk; the test deletes it to free space.
            Path otherProgramsFile = fs.fill("other-program.bin", DISK / 2);
            Path dataDirectory = fs.path().resolve("data");
            try (Broker broker = Broker.start(BrokerConfig.builder(dataDirectory).randomPorts()
                    .maxMessageSize(64 * 1024)
                    .checkBack(new CheckBackPolicy(Duration.ofMillis(300), Duration.ofMillis(300), 1000,
                            EndOfChecks.ROLLBACK))
                    .store(store -> store.segmentSize(MIB).tailCacheSize(2 * MIB)
                            .consumeQueueFileEntries(16384).indexSlots(4096).indexFileEntries(65536)
                            .diskUsageHighWaterMark(HIGH_WATER_MARK).diskUsageRetentionThreshold(1)
                            .diskCheckInterval(Duration.ofMillis(100)))
                    .build());
                 RocketMqClients clients = new RocketMqClients(broker.nameServerAddress())) {
                String topic = "disk-full";
                Deliveries deliveries = new Deliveries();
                DefaultMQPushConsumer consumer = clients.pushConsumer("disk-full-consumers");
                consumer.subscribe(topic, "*");
                consumer.registerMessageListener(deliveries.acknowledging("consumer"));
                consumer.start();

                // A transaction whose outcome the producer only knows once the disk is full.
                AtomicBoolean decide = new AtomicBoolean();
                TransactionMQProducer transactions = clients.transactionProducer("disk-full-transactions",
                        new TransactionListener() {
                            @Override
                            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                                return LocalTransactionState.UNKNOW;
                            }

                            @Override
                            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                                return decide.get() ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.UNKNOW;
                            }
                        });
                transactions.start();
                assertThat(transactions.sendMessageInTransaction(new Message(topic, "tx", "tx-1",
                        "committed while the disk is full".getBytes(StandardCharsets.UTF_8)), null).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK);

                DefaultMQProducer producer = clients.producer("disk-full-producers");
                List<String> acknowledged = new ArrayList<>();
                MQClientException refused = null;
                // Until a send is refused with the disk measured past the mark. The store refuses from its estimate
                // (the log's growth since the last measurement), which can run ahead of the measured usage by the
                // blocks it had allocated ahead of its writes; the next measurement, 100 ms later, then admits sends
                // again, and the rest of the test needs the disk to stay past the mark. A refused send returns at
                // once, so a refusal before that measurement waits a moment for it rather than spending the loop.
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    String key = "key-" + i;
                    try {
                        SendResult result = producer.send(new Message(topic, "TagA", key, body(key)));
                        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                        acknowledged.add(key);
                    } catch (MQClientException e) {
                        refused = e;
                        if (fs.usableBytes() <= DISK - (long) (HIGH_WATER_MARK * DISK)) {
                            break;
                        }
                        Thread.sleep(10);
                    }
                }

                assertThat(refused).as("a send was refused").isNotNull();
                assertThat(fs.usableBytes()).as("measured past the mark when refused")
                        .isLessThanOrEqualTo(DISK - (long) (HIGH_WATER_MARK * DISK));
                assertThat(acknowledged).hasSizeGreaterThan(100);
                assertThat(fs.usableBytes()).as("refused before the disk is full")
                        .isGreaterThan((long) ((1 - HIGH_WATER_MARK) * DISK) - 2 * MIB);
                assertThat(refused.getResponseCode()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
                assertThat(refused.getCause()).isInstanceOf(MQBrokerException.class);
                MQBrokerException brokerError = (MQBrokerException) refused.getCause();
                assertThat(brokerError.getResponseCode()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
                assertThat(brokerError.getErrorMessage())
                        .contains("disk is full", dataDirectory.resolve("store").toString(), "tmpfs",
                                "high-water mark of 80%");
                assertThat(gauge(broker, "tandem.store.disk.refusing")).isEqualTo(1);
                assertThat(gauge(broker, "tandem.store.disk.usage")).isGreaterThanOrEqualTo(HIGH_WATER_MARK);
                assertThat(gauge(broker, "tandem.store.disk.total")).isEqualTo(DISK);

                // Consumers read everything acknowledged; their offsets are stored on the full disk.
                await().atMost(TIMEOUT).until(() -> keysDelivered(deliveries).containsAll(acknowledged));
                // offsets.json appears with the first offset flush after the consumer's first commit.
                await().atMost(TIMEOUT).ignoreException(NoSuchFileException.class)
                        .untilAsserted(() -> assertThat(Files.readString(dataDirectory.resolve("config")
                                .resolve("offsets.json"))).contains("disk-full-consumers"));
                await().atMost(TIMEOUT).until(() -> gauge(broker, "tandem.consumer.lag", "group",
                        "disk-full-consumers") == 0);

                // The decision of a transaction stored before the disk filled is still taken and delivered.
                decide.set(true);
                await().atMost(TIMEOUT).until(() -> keysDelivered(deliveries).contains("tx-1"));
                assertThat(gauge(broker, "tandem.store.disk.refusing")).as("still past the mark").isEqualTo(1);

                Files.delete(otherProgramsFile);
                await().atMost(TIMEOUT).until(() -> gauge(broker, "tandem.store.disk.refusing") == 0);
                List<String> afterwards = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String key = "after-" + i;
                    assertThat(producer.send(new Message(topic, "TagA", key, body(key))).getSendStatus())
                            .isEqualTo(SendStatus.SEND_OK);
                    afterwards.add(key);
                }
                await().atMost(TIMEOUT).until(() -> keysDelivered(deliveries).containsAll(afterwards));
                assertThat(keysDelivered(deliveries)).containsAll(acknowledged);
            }
        }
    }

    /** 16 KiB that do not compress (the client compresses bodies over 4 KiB), the same for the same key. */
    private static byte[] body(String key) {
        byte[] body = new byte[16 * 1024];
        new Random(key.hashCode()).nextBytes(body);
        return body;
    }

    private static Set<String> keysDelivered(Deliveries deliveries) {
        Set<String> keys = new HashSet<>();
        for (Deliveries.Delivery delivery : deliveries.all()) {
            byte[] body = delivery.message().getBody();
            assertThat(body).as("body of %s", delivery.message().getKeys())
                    .isEqualTo(delivery.message().getKeys().startsWith("tx-") ? body : body(delivery.message().getKeys()));
            keys.add(delivery.message().getKeys());
        }
        return keys;
    }

    private static double gauge(Broker broker, String name, String... tags) {
        return broker.meterRegistry().get(name).tags(tags).gauge().value();
    }
}
