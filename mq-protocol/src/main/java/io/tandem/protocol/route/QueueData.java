package io.tandem.protocol.route;

import java.util.Objects;

/**
 * The queues one broker holds for a topic (fact sheet 6.1). Consumers use queues {@code 0..readQueueNums-1} when
 * {@code perm} has READ, producers {@code 0..writeQueueNums-1} when it has WRITE.
 *
 * @param brokerName     broker name
 * @param readQueueNums  number of readable queues
 * @param writeQueueNums number of writable queues
 * @param perm           {@link Permission} bits
 * @param topicSysFlag   unit flags, 0
 */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {

    public QueueData {
        Objects.requireNonNull(brokerName, "brokerName");
    }
}
