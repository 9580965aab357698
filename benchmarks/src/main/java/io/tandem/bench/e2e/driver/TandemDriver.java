package io.tandem.bench.e2e.driver;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.ConsumeResult;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Tandem's own client (module mq-client) with its defaults except: a 10 s send timeout, consumers starting from the
 * first offset and handed up to 32 messages per listener call, as the RocketMQ driver is configured.
 *
 * <p>Tandem's client has no admin API, so topics are created by the same admin request as for the RocketMQ client,
 * sent through that client before anything is measured.
 */
final class TandemDriver implements Driver {

    private static final int CONSUME_BATCH = 32;

    private final String nameServer;
    private final RocketMqDriver admin;

    TandemDriver(String nameServer) {
        this.nameServer = nameServer;
        this.admin = new RocketMqDriver(nameServer);
    }

    @Override
    public void createTopic(String topic, int queues) throws Exception {
        admin.createTopic(topic, queues);
    }

    @Override
    public DriverProducer createProducer(String name, boolean transactional) {
        if (transactional) {
            throw new UnsupportedOperationException("Tandem's client does not send transactional messages yet");
        }
        return new TandemProducer(Producer.start(ClientConfig.of(nameServer),
                ProducerConfig.builder("bench-producer").sendTimeout(SEND_TIMEOUT).build()));
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
        admin.close();
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
            throw new UnsupportedOperationException("Tandem's client does not send transactional messages yet");
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
}
