package io.tandem.client.admin;

import io.tandem.protocol.body.MessageQueue;

/**
 * The range of offsets a queue holds.
 *
 * @param queue     the queue
 * @param minOffset offset of its oldest stored message
 * @param maxOffset offset its next message will get (so {@code maxOffset - minOffset} messages are stored)
 */
public record QueueStats(MessageQueue queue, long minOffset, long maxOffset) {
}
