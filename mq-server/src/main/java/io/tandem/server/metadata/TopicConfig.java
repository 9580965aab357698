package io.tandem.server.metadata;

import io.tandem.protocol.route.Permission;

import java.util.Objects;

/**
 * A topic as the broker serves it.
 *
 * @param name           the topic name ({@link TopicNames#validate})
 * @param readQueueNums  queues consumers read: {@code 0..readQueueNums-1}
 * @param writeQueueNums queues producers write: {@code 0..writeQueueNums-1}
 * @param perm           {@link Permission} bits
 * @param order          whether the topic is meant for ordered messages (reported in routes)
 */
public record TopicConfig(String name, int readQueueNums, int writeQueueNums, int perm, boolean order) {

    public static final int DEFAULT_PERM = Permission.READ | Permission.WRITE;

    public TopicConfig {
        Objects.requireNonNull(name, "name");
        if (readQueueNums < 0 || writeQueueNums < 0 || readQueueNums > 65535 || writeQueueNums > 65535) {
            throw new IllegalArgumentException("queue counts of topic " + name + " must be in [0, 65535], were "
                    + readQueueNums + " read and " + writeQueueNums + " write");
        }
    }

    public static TopicConfig of(String name, int queueNums) {
        return new TopicConfig(name, queueNums, queueNums, DEFAULT_PERM, false);
    }

    /** Queues that exist: the larger of the two counts. */
    public int queueNums() {
        return Math.max(readQueueNums, writeQueueNums);
    }

    public boolean readable() {
        return Permission.isReadable(perm);
    }

    public boolean writable() {
        return Permission.isWriteable(perm);
    }
}
