package io.tandem.client.admin;

import io.tandem.protocol.body.MessageQueue;

import java.util.List;

/**
 * Where a consumer group is in every queue it committed offsets for, and how far behind.
 *
 * @param group  consumer group
 * @param queues one entry per queue, sorted by topic, broker and queue id
 */
public record GroupOffsets(String group, List<QueueLag> queues) {

    public GroupOffsets {
        queues = List.copyOf(queues);
    }

    /** Messages stored but not yet consumed by the group, over all queues. */
    public long totalLag() {
        return queues.stream().mapToLong(QueueLag::lag).sum();
    }

    /** Lag of the queues of one topic. */
    public long lag(String topic) {
        return queues.stream().filter(queue -> queue.queue().topic().equals(topic)).mapToLong(QueueLag::lag).sum();
    }

    /**
     * One queue's progress.
     *
     * @param queue          the queue
     * @param brokerOffset   offset the queue's next message will get
     * @param consumerOffset the group's committed offset (the next it will consume)
     */
    public record QueueLag(MessageQueue queue, long brokerOffset, long consumerOffset) {

        /** Messages not yet consumed: never negative. */
        public long lag() {
            return Math.max(0, brokerOffset - consumerOffset);
        }
    }
}
