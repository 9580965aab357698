package io.tandem.server.chaos;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Continuous load: {@code threads} threads each sending synchronously with one RocketMQ producer, message after
 * message, until {@link #close()}, recording every attempt in a {@link History}. The key and the body of each message
 * are {@code <prefix>-<thread>-<seq>}, unique over the run. After a failed send a thread waits
 * {@value #BACKOFF_MS} ms before the next message, so a group that refuses sends is not flooded. Thread-safe.
 */
final class Load implements AutoCloseable {

    private static final long BACKOFF_MS = 50;

    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean running = true;

    private Load(DefaultMQProducer producer, String topic, String prefix, int threads, History history) {
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(Thread.ofPlatform().name("chaos-load-" + prefix + "-" + t).start(() -> {
                for (long seq = 0; running; seq++) {
                    send(producer, topic, prefix + "-" + thread + "-" + seq, history);
                }
            }));
        }
    }

    /** Starts {@code threads} senders of messages to {@code topic} keyed {@code prefix-thread-seq}. */
    static Load start(DefaultMQProducer producer, String topic, String prefix, int threads, History history) {
        return new Load(producer, topic, prefix, threads, history);
    }

    private static void send(DefaultMQProducer producer, String topic, String key, History history) {
        Message message = new Message(topic, key.getBytes(StandardCharsets.UTF_8));
        message.setKeys(key);
        long started = System.nanoTime();
        try {
            SendResult result = producer.send(message);
            if (result.getSendStatus() == SendStatus.SEND_OK) {
                history.acknowledged(key, started, System.nanoTime(), result.getMsgId());
                return;
            }
            history.indeterminate(key, started, System.nanoTime(), result.getSendStatus().toString());
        } catch (Exception e) {
            history.indeterminate(key, started, System.nanoTime(), e.toString());
        }
        LockSupport.parkNanos(Duration.ofMillis(BACKOFF_MS).toNanos());
    }

    /** Stops the senders and waits for the sends in flight to end (a send times out after the producer's timeout). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread sender : senders) {
            sender.join();
        }
    }
}
