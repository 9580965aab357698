package io.tandem.bench.e2e.driver;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Apache Kafka's kafka-clients with its defaults except: {@code acks=all} (Kafka's default too, stated because it is
 * what makes a send durable), {@code linger.ms=0} (Kafka 4 defaults to 5 ms, which would add 5 ms to every waited-for
 * send the other clients do not wait), a 10 s delivery timeout like the other clients' send timeout, and consumers
 * starting from the earliest offset. A "batch" is that many records handed to the producer at once, then waited for:
 * the producer's accumulator groups them into record batches itself.
 */
final class KafkaDriver implements Driver {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;

    KafkaDriver(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public void createTopic(String topic, int queues) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, queues, (short) 1))).all().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        last = e;
                        Thread.sleep(500);
                        continue;
                    }
                }
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(10, TimeUnit.SECONDS).get(topic);
                    if (description.partitions().size() == queues
                            && description.partitions().stream().map(TopicPartitionInfo::leader).allMatch(
                                    leader -> leader != null && !leader.isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("topic " + topic + " had no leader for all " + queues + " partitions within "
                    + TOPIC_TIMEOUT.toSeconds() + " s", last);
        }
    }

    @Override
    public DriverProducer createProducer(String name, boolean transactional) {
        if (transactional) {
            throw new UnsupportedOperationException("the comparison sends transactional messages to Tandem and "
                    + "RocketMQ only");
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, name,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        return new Producer(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Override
    public DriverConsumer createConsumer(String name, String group, List<String> topics, MessageHandler onMessage) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, name,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(topics);
        AtomicBoolean closed = new AtomicBoolean();
        Thread poller = Thread.ofPlatform().name(name + "-poll").start(() -> {
            try {
                while (!closed.get()) {
                    for (ConsumerRecord<byte[], byte[]> consumerRecord : consumer.poll(Duration.ofMillis(100))) {
                        onMessage.onMessage(consumerRecord.value());
                    }
                }
            } catch (WakeupException closing) {
                // close() woke the poll.
            } finally {
                consumer.close(Duration.ofSeconds(10));
            }
        });
        return () -> {
            closed.set(true);
            consumer.wakeup();
            try {
                poller.join(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public void close() {
    }

    private static final class Producer implements DriverProducer {

        private final KafkaProducer<byte[], byte[]> producer;

        Producer(KafkaProducer<byte[], byte[]> producer) {
            this.producer = producer;
        }

        @Override
        public void send(String topic, byte[] body) throws Exception {
            await(producer.send(new ProducerRecord<>(topic, body)));
        }

        @Override
        public void sendBatch(String topic, List<byte[]> bodies) throws Exception {
            List<Future<RecordMetadata>> sent = new ArrayList<>(bodies.size());
            for (byte[] body : bodies) {
                sent.add(producer.send(new ProducerRecord<>(topic, body)));
            }
            for (Future<RecordMetadata> future : sent) {
                await(future);
            }
        }

        @Override
        public void sendAsync(String topic, byte[] body, SendCompletion completion) {
            try {
                producer.send(new ProducerRecord<>(topic, body), (metadata, failure) -> completion.completed(failure));
            } catch (RuntimeException e) {
                completion.completed(e);
            }
        }

        @Override
        public void sendInTransaction(String topic, byte[] body) {
            throw new UnsupportedOperationException("not part of the comparison for Kafka");
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(10));
        }

        private static void await(Future<RecordMetadata> future) throws Exception {
            try {
                future.get(SEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            } catch (TimeoutException e) {
                future.cancel(false);
                throw e;
            }
        }
    }
}
