package io.tandem.bench.e2e.driver;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.ConsumeResult;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tandem's own client (module mq-client) with its defaults except: a 10 s send timeout, consumers starting from the
 * first offset and handed up to 32 messages per listener call, as the RocketMQ driver is configured. Topics are
 * created with its {@link AdminClient}; transactional producers commit every half message.
 */
final class TandemDriver implements Driver {

    private static final int CONSUME_BATCH = 32;

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private final String nameServer;

    TandemDriver(String nameServer) {
        this.nameServer = nameServer;
    }

    /** Creates the topic on every master broker, retrying while the broker is still starting. */
    @Override
    public void createTopic(String topic, int queues) throws Exception {
        try (AdminClient admin = AdminClient.start(ClientConfig.of(nameServer))) {
            long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
            while (true) {
                try {
                    admin.createTopic(TopicSettings.of(topic, queues));
                    return;
                } catch (MqClientException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("topic " + topic + " could not be created within "
                                + TOPIC_TIMEOUT.toSeconds() + " s", e);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    @Override
    public DriverProducer createProducer(String name, boolean transactional) {
        ProducerConfig config = ProducerConfig.builder("bench-producer").sendTimeout(SEND_TIMEOUT).build();
        Producer producer = transactional
                ? Producer.startTransactional(ClientConfig.of(nameServer), config, new CommitEverything())
                : Producer.start(ClientConfig.of(nameServer), config);
        return new TandemProducer(producer);
    }

    @Override
    public DriverConsumer createConsumer(String name, String group, List<String> topics, MessageHandler onMessage) {
        PushConsumerConfig config = PushConsumerConfig.builder(group)
                .consumeFrom(ConsumeFrom.FIRST_OFFSET)
                .consumeBatchSize(CONSUME_BATCH)
                .build();
        PushConsumer consumer = PushConsumer.concurrent(ClientConfig.of(nameServer), config, messages -> {
            for (ReceivedMessage message : messages) {
                onMessage.onMessage(message.body());
            }
            return ConsumeResult.SUCCESS;
        });
        for (String topic : topics) {
            consumer.subscribe(topic, "*");
        }
        consumer.start();
        return consumer::close;
    }

    @Override
    public void close() {
    }

    private static final class TandemProducer implements DriverProducer {

        private final Producer producer;

        TandemProducer(Producer producer) {
            this.producer = producer;
        }

        @Override
        public void send(String topic, byte[] body) {
            requireOk(producer.send(Message.builder(topic).body(body).build()));
        }

        @Override
        public void sendBatch(String topic, List<byte[]> bodies) {
            List<Message> batch = new ArrayList<>(bodies.size());
            for (byte[] body : bodies) {
                batch.add(Message.builder(topic).body(body).build());
            }
            requireOk(producer.send(batch));
        }

        @Override
        public void sendAsync(String topic, byte[] body, SendCompletion completion) {
            try {
                producer.sendAsync(Message.builder(topic).body(body).build()).whenComplete((result, failure) -> {
                    if (failure != null) {
                        completion.completed(failure);
                    } else {
                        completion.completed(result.status() == SendStatus.SEND_OK ? null
                                : new NotAcknowledgedException(result.status().name()));
                    }
                });
            } catch (RuntimeException e) {
                completion.completed(e);
            }
        }

        @Override
        public void sendInTransaction(String topic, byte[] body) {
            TransactionSendResult result = producer.sendInTransaction(Message.builder(topic).body(body).build(), null);
            requireOk(result.sendResult());
            if (result.state() != TransactionState.COMMIT) {
                throw new NotAcknowledgedException("transaction ended " + result.state());
            }
        }

        @Override
        public void close() {
            producer.close();
        }

        private static void requireOk(SendResult result) {
            if (result.status() != SendStatus.SEND_OK) {
                throw new NotAcknowledgedException(result.status().name());
            }
        }
    }

    /** Commits every half message, also when the broker checks back. */
    private static final class CommitEverything implements TransactionListener {

        @Override
        public TransactionState executeLocal(Message message, Object arg) {
            return TransactionState.COMMIT;
        }

        @Override
        public TransactionState check(ReceivedMessage message) {
            return TransactionState.COMMIT;
        }
    }
}
