package io.tandem.server.compat;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.txn.CheckBackPolicy;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A RocketMQ transactional producer in its own JVM is killed with SIGKILL after its half message is stored and before
 * it sends END_TRANSACTION; a new producer of the same group answers the check-back and the message is delivered
 * once.
 */
class ProducerCrashCompatibilityTest {

    @TempDir
    Path dataDirectory;

    @Test
    void shouldResolveTheHalfOfAKilledProducerThroughItsSuccessor() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.builder(dataDirectory).randomPorts()
                .checkBack(new CheckBackPolicy(Duration.ofMillis(500), Duration.ofSeconds(1), 60,
                        EndOfChecks.ROLLBACK))
                .build());
             RocketMqClients clients = new RocketMqClients(broker.nameServerAddress())) {
            // One queue, so a marker sent after the commit is written after everything the check-backs caused.
            DefaultMQProducer creator = clients.producer("crash-creator");
            creator.createTopic(creator.getCreateTopicKey(), "crash-topic", 1, java.util.Map.of());
            Deliveries deliveries = new Deliveries();
            DefaultMQPushConsumer consumer = clients.pushConsumer("crash-consumers");
            consumer.subscribe("crash-topic", "*");
            consumer.registerMessageListener(deliveries.acknowledging("consumer"));
            consumer.start();

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "-Drocketmq.log.root=" + System.getProperty("rocketmq.log.root"), "-Drocketmq.log.level=WARN",
                    CrashingTransactionalProducer.class.getName(), broker.nameServerAddress(), "crash-producers",
                    "crash-topic", "paid-order-7")
                    .redirectErrorStream(true).start();
            String transactionId;
            try {
                transactionId = CompletableFuture.supplyAsync(() -> awaitHalfStored(child)).get(60, TimeUnit.SECONDS);
            } finally {
                child.destroyForcibly(); // SIGKILL: no END_TRANSACTION, no UNREGISTER_CLIENT
            }
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

            AtomicInteger checks = new AtomicInteger();
            TransactionMQProducer successor = clients.transactionProducer("crash-producers", new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                    return LocalTransactionState.COMMIT_MESSAGE;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(MessageExt message) {
                    checks.incrementAndGet();
                    return "paid-order-7".equals(new String(message.getBody(), StandardCharsets.UTF_8))
                            ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.UNKNOW;
                }
            });
            successor.start();
            successor.send(new Message("crash-warmup", "ping".getBytes(StandardCharsets.UTF_8)));

            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.bodies().contains("paid-order-7"));
            successor.send(new Message("crash-topic", "marker".getBytes(StandardCharsets.UTF_8)));
            deliveries.assertOnlyAheadOfMarker("marker", Duration.ofSeconds(30), "paid-order-7");
            assertThat(deliveries.all().getFirst().message().getMsgId()).isEqualTo(transactionId);
            assertThat(checks.get()).isPositive();
        }
    }

    private static String awaitHalfStored(Process child) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith("HALF_STORED ")) {
                    return line.substring("HALF_STORED ".length()).strip();
                }
            }
            throw new IllegalStateException("the producer process ended before storing its half message");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
