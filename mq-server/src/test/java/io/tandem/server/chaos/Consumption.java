package io.tandem.server.chaos;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.consumer.store.ReadOffsetType;
import org.apache.rocketmq.client.impl.consumer.ProcessQueue;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * A push consumer of the consumer group, subscribed to every message of a topic, recording each delivery in a
 * {@link History} and acknowledging it.
 *
 * <p>{@link #drain} reads everything back without sleeping: once the load has stopped it sends a marker to every
 * queue the producer can write to; markers are the last messages of their queues, and the push consumer pulls each
 * queue in order, so when every marker has been delivered and no pulled message is waiting for a listener, every
 * message stored before the markers has been delivered. Thread-safe.
 */
final class Consumption {

    private static final AtomicInteger DRAINS = new AtomicInteger();

    private final DefaultMQPushConsumer consumer;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();

    private Consumption(DefaultMQPushConsumer consumer) {
        this.consumer = consumer;
    }

    /** Subscribes {@code consumer} (not yet started) to {@code topic}, records into {@code history}, starts it. */
    static Consumption start(DefaultMQPushConsumer consumer, String topic, History history)
            throws MQClientException {
        Consumption consumption = new Consumption(consumer);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            long now = System.nanoTime();
            for (MessageExt message : messages) {
                String key = message.getKeys() != null ? message.getKeys()
                        : new String(message.getBody(), StandardCharsets.UTF_8);
                consumption.delivered.add(key);
                history.delivered(key, message.getMsgId(), now);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumption;
    }

    /**
     * Sends a marker (recorded in {@code history} like any message) to every writable queue of {@code topic}, each
     * retried until acknowledged, then waits until every marker was delivered and no pulled message waits.
     *
     * @throws org.awaitility.core.ConditionTimeoutException if that does not happen within {@code timeout}
     */
    void drain(DefaultMQProducer producer, String topic, History history, Duration timeout) {
        String prefix = "marker-" + DRAINS.incrementAndGet();
        Set<String> markers = new HashSet<>();
        await("a marker acknowledged on every queue of " + topic).atMost(timeout).ignoreExceptions()
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (MessageQueue queue : producer.fetchPublishMessageQueues(topic)) {
                        String key = prefix + "-" + queue.getBrokerName() + "-" + queue.getQueueId();
                        if (markers.contains(key)) {
                            continue;
                        }
                        Message marker = new Message(topic, key.getBytes(StandardCharsets.UTF_8));
                        marker.setKeys(key);
                        long started = System.nanoTime();
                        SendResult result = producer.send(marker, queue);
                        if (result.getSendStatus() != SendStatus.SEND_OK) {
                            history.indeterminate(key, started, System.nanoTime(), result.getSendStatus().toString());
                            return false;
                        }
                        history.acknowledged(key, started, System.nanoTime(), result.getMsgId());
                        markers.add(key);
                    }
                    return !markers.isEmpty();
                });
        await("every marker " + markers + " delivered and no pulled message waiting").atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> delivered.containsAll(markers) && nothingWaiting());
    }

    /**
     * The consumer's view of each queue it pulls, for a failure message: its next offset, the queue's max offset at
     * the broker, pulled messages waiting for the listener, and whether the queue was dropped.
     */
    String describe() {
        StringBuilder view = new StringBuilder();
        consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().forEach((queue, process) -> {
            long next = consumer.getDefaultMQPushConsumerImpl().getOffsetStore().readOffset(queue,
                    ReadOffsetType.READ_FROM_MEMORY);
            String max;
            try {
                max = Long.toString(consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getMQAdminImpl()
                        .maxOffset(queue));
            } catch (MQClientException e) {
                max = "unknown (" + e.getErrorMessage() + ")";
            }
            view.append("\n  ").append(queue.getBrokerName()).append('/').append(queue.getQueueId())
                    .append(": consumer offset ").append(next).append(", max offset ").append(max)
                    .append(", waiting ").append(process.getMsgCount().get())
                    .append(process.isDropped() ? ", dropped" : "");
        });
        return view.toString();
    }

    private boolean nothingWaiting() {
        Map<MessageQueue, ProcessQueue> queues = consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl()
                .getProcessQueueTable();
        return queues.values().stream().allMatch(queue -> queue.getMsgCount().get() == 0);
    }
}
