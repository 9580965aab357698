package io.tandem.client.consumer;

import io.tandem.protocol.body.MessageQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class QueueAllocationTest {

    private static List<MessageQueue> queues(int count) {
        return IntStream.range(0, count).mapToObj(i -> new MessageQueue("T", "b", i)).toList();
    }

    @Test
    void shouldGiveContiguousRangesWithTheRemainderToTheFirstMembers() {
        List<String> members = List.of("a", "b", "c");

        assertThat(QueueAllocation.average(queues(8), members, "a")).extracting(MessageQueue::queueId)
                .containsExactly(0, 1, 2);
        assertThat(QueueAllocation.average(queues(8), members, "b")).extracting(MessageQueue::queueId)
                .containsExactly(3, 4, 5);
        assertThat(QueueAllocation.average(queues(8), members, "c")).extracting(MessageQueue::queueId)
                .containsExactly(6, 7);
    }

    @Test
    void shouldLeaveTheLastMembersIdleWhenThereAreMoreMembersThanQueues() {
        List<String> members = List.of("a", "b", "c", "d");

        assertThat(QueueAllocation.average(queues(2), members, "a")).extracting(MessageQueue::queueId)
                .containsExactly(0);
        assertThat(QueueAllocation.average(queues(2), members, "b")).extracting(MessageQueue::queueId)
                .containsExactly(1);
        assertThat(QueueAllocation.average(queues(2), members, "c")).isEmpty();
        assertThat(QueueAllocation.average(queues(2), members, "z")).as("not a member").isEmpty();
    }

    @Test
    void shouldAssignEveryQueueExactlyOnceForAnyGroupSize() {
        for (int queueCount = 0; queueCount <= 17; queueCount++) {
            for (int memberCount = 1; memberCount <= 9; memberCount++) {
                List<String> members = IntStream.range(0, memberCount).mapToObj(i -> "m" + i).toList();
                List<MessageQueue> all = new ArrayList<>();
                for (String member : members) {
                    all.addAll(QueueAllocation.average(queues(queueCount), members, member));
                }
                Set<MessageQueue> distinct = new HashSet<>(all);
                assertThat(all).as("%d queues over %d members", queueCount, memberCount).hasSize(queueCount);
                assertThat(distinct).containsExactlyInAnyOrderElementsOf(queues(queueCount));
            }
        }
    }
}
