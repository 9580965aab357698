package io.tandem.client.internal;

import io.tandem.client.MqClientException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.header.BoundaryType;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.GetEarliestMsgStoretimeRequestHeader;
import io.tandem.protocol.header.GetEarliestMsgStoretimeResponseHeader;
import io.tandem.protocol.header.GetMaxOffsetRequestHeader;
import io.tandem.protocol.header.GetMaxOffsetResponseHeader;
import io.tandem.protocol.header.GetMinOffsetRequestHeader;
import io.tandem.protocol.header.GetMinOffsetResponseHeader;
import io.tandem.protocol.header.QueryConsumerOffsetRequestHeader;
import io.tandem.protocol.header.QueryConsumerOffsetResponseHeader;
import io.tandem.protocol.header.SearchOffsetRequestHeader;
import io.tandem.protocol.header.SearchOffsetResponseHeader;
import io.tandem.protocol.header.UpdateConsumerOffsetRequestHeader;

import java.util.concurrent.CompletableFuture;

/**
 * Queue and consumer offsets read from and written to the master of a queue's broker (fact sheet 2.6, 2.13): the
 * leader the cached route names for the queue's broker name, looked up again when a commit finds it gone.
 * Synchronous methods throw {@link MqClientException}s (a refusal as {@link io.tandem.client.MqBrokerException});
 * thread-safe.
 */
public final class QueueOffsets {

    /** A consumer offset the broker does not have (QUERY_NOT_FOUND). */
    public static final long NO_OFFSET = -1;

    private final ClientInstance instance;

    public QueueOffsets(ClientInstance instance) {
        this.instance = instance;
    }

    /** The offset the next message of {@code queue} will get (0 for an empty queue). */
    public long maxOffset(MessageQueue queue) {
        RemotingCommand response = call(queue, RequestCode.GET_MAX_OFFSET,
                new GetMaxOffsetRequestHeader(queue.topic(), queue.queueId(), true, queue.brokerName()));
        return GetMaxOffsetResponseHeader.from(response).offset();
    }

    /** The smallest offset still stored in {@code queue}. */
    public long minOffset(MessageQueue queue) {
        RemotingCommand response = call(queue, RequestCode.GET_MIN_OFFSET,
                new GetMinOffsetRequestHeader(queue.topic(), queue.queueId(), queue.brokerName()));
        return GetMinOffsetResponseHeader.from(response).offset();
    }

    /** The earliest offset of {@code queue} whose store time is at or after {@code timestampMs}. */
    public long searchOffset(MessageQueue queue, long timestampMs) {
        RemotingCommand response = call(queue, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                new SearchOffsetRequestHeader(queue.topic(), queue.queueId(), timestampMs, BoundaryType.LOWER,
                        queue.brokerName()));
        return SearchOffsetResponseHeader.from(response).offset();
    }

    /** Store time (ms since the epoch) of the oldest message still in {@code queue}. */
    public long earliestStoreTime(MessageQueue queue) {
        RemotingCommand response = call(queue, RequestCode.GET_EARLIEST_MSG_STORETIME,
                new GetEarliestMsgStoretimeRequestHeader(queue.topic(), queue.queueId(), queue.brokerName()));
        return GetEarliestMsgStoretimeResponseHeader.from(response).timestamp();
    }

    /** The offset {@code group} committed for {@code queue}, or {@link #NO_OFFSET} when it has none. */
    public long consumerOffset(String group, MessageQueue queue) {
        String address = address(queue);
        RemotingCommand response = instance.invokeSync(address, request(RequestCode.QUERY_CONSUMER_OFFSET,
                new QueryConsumerOffsetRequestHeader(group, queue.topic(), queue.queueId(), null,
                        queue.brokerName())));
        return switch (response.code()) {
            case ResponseCode.SUCCESS -> QueryConsumerOffsetResponseHeader.from(response).offset();
            case ResponseCode.QUERY_NOT_FOUND -> NO_OFFSET;
            default -> throw Calls.refused(response, address, RequestCode.QUERY_CONSUMER_OFFSET);
        };
    }

    /**
     * Commits {@code offset} (the next offset to consume) of {@code group} for {@code queue}: oneway like the
     * reference's periodic commit, or waiting for the broker's answer.
     */
    public CompletableFuture<Void> commit(String group, MessageQueue queue, long offset, boolean oneway) {
        String address;
        try {
            address = address(queue);
        } catch (MqClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        RemotingCommand request = request(RequestCode.UPDATE_CONSUMER_OFFSET,
                new UpdateConsumerOffsetRequestHeader(group, queue.topic(), queue.queueId(), offset,
                        queue.brokerName()));
        CompletableFuture<Void> sent = oneway ? instance.invokeOneway(address, request)
                : instance.invoke(address, request).thenAccept(response -> {
                    if (response.code() != ResponseCode.SUCCESS) {
                        throw Calls.refused(response, address, RequestCode.UPDATE_CONSUMER_OFFSET);
                    }
                });
        // A commit the group's leader did not take is sent again with the next one; look up the leader it will go to.
        return sent.whenComplete((ignored, failure) -> {
            if (failure != null && Calls.suggestsLeaderChange(failure)) {
                instance.refreshRoute(queue.topic());
            }
        });
    }

    private RemotingCommand call(MessageQueue queue, int code, CommandHeader header) {
        String address = address(queue);
        RemotingCommand response = instance.invokeSync(address, request(code, header));
        if (response.code() != ResponseCode.SUCCESS) {
            throw Calls.refused(response, address, code);
        }
        return response;
    }

    private String address(MessageQueue queue) {
        String address = instance.masterAddress(queue.brokerName());
        if (address == null) {
            throw new MqClientException("no address known for broker " + queue.brokerName() + " of " + queue);
        }
        return address;
    }

    private static RemotingCommand request(int code, CommandHeader header) {
        return RemotingCommand.request(code).extFields(header.toExtFields()).build();
    }
}
