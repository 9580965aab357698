package io.tandem.client.consumer;

import io.tandem.protocol.body.MessageQueue;

import java.util.List;

/**
 * The average allocation of the reference clients (fact sheet 7.4): with queues and client ids both sorted, the
 * queues are cut into contiguous ranges, one per client in id order; when the queues do not divide evenly the first
 * clients get one more, and when there are more clients than queues the last clients get none. Every member computes
 * the same split from the same lists, so no coordination is needed. Stateless.
 */
final class QueueAllocation {

    private QueueAllocation() {
    }

    /**
     * The queues of {@code clientId}.
     *
     * @param queues    all queues, sorted
     * @param clientIds all members, sorted
     * @return a sublist of {@code queues}; empty when {@code clientId} is not a member
     */
    static List<MessageQueue> average(List<MessageQueue> queues, List<String> clientIds, String clientId) {
        int index = clientIds.indexOf(clientId);
        if (index < 0 || queues.isEmpty()) {
            return List.of();
        }
        int members = clientIds.size();
        int base = queues.size() / members;
        int extra = queues.size() % members;
        int start = index * base + Math.min(index, extra);
        int count = base + (index < extra ? 1 : 0);
        return List.copyOf(queues.subList(start, start + count));
    }
}
