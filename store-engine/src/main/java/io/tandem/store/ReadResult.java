package io.tandem.store;

import java.util.List;

/**
 * What a read of a consume queue returned.
 *
 * @param status     what happened
 * @param messages   the messages read, in queue order (empty unless FOUND)
 * @param nextOffset where the next read should start
 * @param minOffset  the queue's min offset at the time of the read
 * @param maxOffset  the queue's max offset (one past the last message) at the time of the read
 */
public record ReadResult(ReadStatus status, List<StoredMessage> messages, long nextOffset, long minOffset, long maxOffset) {
}
