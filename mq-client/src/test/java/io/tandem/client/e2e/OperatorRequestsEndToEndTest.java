package io.tandem.client.e2e;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.server.testing.RunningBroker;
import io.tandem.testing.ThreadLeaks;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import org.apache.rocketmq.tools.command.consumer.ConsumerStatusSubCommand;
import org.apache.rocketmq.tools.command.offset.ResetOffsetByTimeCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The requests a broker sends to a live consumer on an operator's behalf, made with RocketMQ's own {@code mqadmin}:
 * {@code consumerStatus} (GET_CONSUMER_RUNNING_INFO, relayed to this client) and {@code resetOffsetByTime}
 * (RESET_CONSUMER_CLIENT_OFFSET to the running members, which move back and deliver again).
 */
class OperatorRequestsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();
    static MqAdmin mqadmin;

    @BeforeAll
    static void startBroker() {
        mqadmin = new MqAdmin(broker.nameServerAddress());
    }

    @AfterAll
    static void stopBroker() {
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    @Test
    void shouldAnswerMqadminConsumerStatusWithItsSubscriptionsAndQueues() {
        Inbox inbox = new Inbox();
        PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), PushConsumerConfig.builder("status-e2e")
                .consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox).subscribe("StatusOrders", "paid").start();
        try (Producer producer = Producer.start(clientConfig(broker), ProducerConfig.of("status-e2e-producer"))) {
            producer.send(Message.builder("StatusOrders").body("one").tags("paid").build());
            await().atMost(WAIT).until(() -> inbox.size() == 1);

            String status = await().atMost(WAIT).pollInterval(POLL).until(() -> mqadmin.output(
                    new ConsumerStatusSubCommand(), "-g", "status-e2e", "-i", consumer.clientId()),
                    printed -> printed.contains("StatusOrders"));
            assertThat(status).containsPattern("PROP_CONSUME_TYPE\\s*: CONSUME_PASSIVELY")
                    .containsPattern("PROP_CONSUMEORDERLY\\s*: false")
                    .containsPattern("Topic: StatusOrders\\s+ClassFilter: false\\s+SubExpression: paid")
                    .containsPattern("Topic: %RETRY%status-e2e\\s+ClassFilter: false\\s+SubExpression: \\*")
                    .contains("#Consumer Offset#");
            int queues = consumer.assignedQueues().stream().filter(queue -> queue.topic().equals("StatusOrders"))
                    .toList().size();
            assertThat(status.lines().filter(line -> line.matches("StatusOrders\\s+broker-a\\s+\\d+\\s+\\d+\\s*")))
                    .as("one offset row per owned queue").hasSize(queues);

        } finally {
            consumer.close();
        }
    }

    @Test
    void shouldRedeliverFromTheResetTimeWhenAnOperatorResetsTheOffsetsOfTheLiveGroup() {
        Inbox inbox = new Inbox();
        PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), PushConsumerConfig.builder("reset-e2e")
                .consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox).subscribe("ResetOrders", "*").start();
        try (Producer producer = Producer.start(clientConfig(broker), ProducerConfig.of("reset-e2e-producer"))) {
            producer.send(Message.builder("ResetOrders").body("before").build());
            await().atMost(WAIT).until(() -> inbox.bodies().contains("before"));
            long resetTime = System.currentTimeMillis() + 1;
            await().atMost(WAIT).until(() -> System.currentTimeMillis() > resetTime);
            List<String> after = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SendResult sent = producer.send(Message.builder("ResetOrders").body("after-" + i).build());
                after.add(sent.messageId());
            }
            await().atMost(WAIT).until(() -> inbox.messages().stream().map(ReceivedMessage::messageId)
                    .filter(after::contains).count() == after.size());

            String reset = mqadmin.output(new ResetOffsetByTimeCommand(), "-g", "reset-e2e", "-t", "ResetOrders",
                    "-s", Long.toString(resetTime));

            assertThat(reset).contains("ResetOrders");
            await().atMost(WAIT).pollInterval(POLL).until(() -> inbox.messages().stream()
                    .map(ReceivedMessage::messageId).filter(after::contains).count() == 2L * after.size());
            producer.send(Message.builder("ResetOrders").body("marker").build());
            await().atMost(WAIT).until(() -> inbox.bodies().contains("marker"));
            assertThat(inbox.messages().stream().filter(message -> message.bodyAsString().equals("before")))
                    .as("messages stored before the reset time are not delivered again").hasSize(1);
        } finally {
            consumer.close();
        }
    }
}
