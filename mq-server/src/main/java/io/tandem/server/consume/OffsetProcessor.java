package io.tandem.server.consume;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.BoundaryType;
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
import io.tandem.server.metadata.TopicResolver;
import io.tandem.server.metadata.Topics;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;

import java.util.OptionalLong;

/**
 * Consumer offsets (QUERY_CONSUMER_OFFSET 14, UPDATE_CONSUMER_OFFSET 15) and queue offsets (GET_MAX_OFFSET 30,
 * GET_MIN_OFFSET 31, SEARCH_OFFSET_BY_TIMESTAMP 29, GET_EARLIEST_MSG_STORETIME 32), fact sheet 2.6 and 2.13.
 */
public final class OffsetProcessor implements RequestProcessor {

    private final Topics topics;
    private final TopicResolver resolver;
    private final ConsumerOffsets offsets;
    private final MessageStore store;

    public OffsetProcessor(Topics topics, TopicResolver resolver, ConsumerOffsets offsets, MessageStore store) {
        this.topics = topics;
        this.resolver = resolver;
        this.offsets = offsets;
        this.store = store;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.QUERY_CONSUMER_OFFSET -> query(context);
            case RequestCode.UPDATE_CONSUMER_OFFSET -> update(context);
            case RequestCode.GET_MAX_OFFSET -> {
                GetMaxOffsetRequestHeader header = GetMaxOffsetRequestHeader.from(context.request());
                respond(context, new GetMaxOffsetResponseHeader(store.maxOffset(header.topic(), header.queueId()))
                        .toExtFields());
            }
            case RequestCode.GET_MIN_OFFSET -> {
                GetMinOffsetRequestHeader header = GetMinOffsetRequestHeader.from(context.request());
                respond(context, new GetMinOffsetResponseHeader(store.minOffset(header.topic(), header.queueId()))
                        .toExtFields());
            }
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> search(context);
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> earliest(context);
            default -> throw new IllegalStateException("not an offset request: " + context.request().code());
        }
    }

    /**
     * The group's committed offset. Without one, 0 while the queue holds messages and still starts at offset 0 (no
     * segment of it deleted yet), so a new group reads what arrived before it started, as with the reference broker;
     * the RocketMQ client leaves {@code setZeroIfNotFound} unset, which counts as true, and only an explicit false
     * turns this off. Otherwise QUERY_NOT_FOUND, and the client starts where its consume-from setting says.
     */
    private void query(RequestContext context) {
        QueryConsumerOffsetRequestHeader header = QueryConsumerOffsetRequestHeader.from(context.request());
        OptionalLong committed = offsets.committed(header.consumerGroup(), header.topic(), header.queueId());
        if (committed.isPresent()) {
            respond(context, new QueryConsumerOffsetResponseHeader(committed.getAsLong()).toExtFields());
            return;
        }
        if (Boolean.FALSE.equals(header.setZeroIfNotFound())) {
            context.respondError(ResponseCode.QUERY_NOT_FOUND, "group " + header.consumerGroup()
                    + " has no offset for " + header.topic() + "/" + header.queueId() + " (setZeroIfNotFound=false)");
            return;
        }
        if (store.minOffset(header.topic(), header.queueId()) <= 0
                && store.maxOffset(header.topic(), header.queueId()) > 0) {
            respond(context, new QueryConsumerOffsetResponseHeader(0).toExtFields());
            return;
        }
        context.respondError(ResponseCode.QUERY_NOT_FOUND,
                "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
    }

    private void update(RequestContext context) {
        UpdateConsumerOffsetRequestHeader header = UpdateConsumerOffsetRequestHeader.from(context.request());
        if (resolver.group(header.consumerGroup()) == null) {
            context.respondError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group ["
                    + header.consumerGroup() + "] does not exist");
            return;
        }
        if (!topics.contains(header.topic())) {
            context.respondError(ResponseCode.TOPIC_NOT_EXIST, "topic[" + header.topic() + "] not exist");
            return;
        }
        if (header.commitOffset() < 0) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "commitOffset must be 0 or more, was "
                    + header.commitOffset());
            return;
        }
        offsets.commit(header.consumerGroup(), header.topic(), header.queueId(), header.commitOffset());
        context.respondSuccess();
    }

    private void search(RequestContext context) {
        SearchOffsetRequestHeader header = SearchOffsetRequestHeader.from(context.request());
        long offset = store.offsetForTime(header.topic(), header.queueId(), header.timestamp());
        if (header.boundaryType() == BoundaryType.UPPER) {
            // The latest offset stored at or before the timestamp: the one before the first stored after it.
            long after = store.offsetForTime(header.topic(), header.queueId(), header.timestamp() + 1);
            offset = Math.max(store.minOffset(header.topic(), header.queueId()), after - 1);
        }
        respond(context, new SearchOffsetResponseHeader(offset).toExtFields());
    }

    private void earliest(RequestContext context) {
        GetEarliestMsgStoretimeRequestHeader header = GetEarliestMsgStoretimeRequestHeader.from(context.request());
        long min = store.minOffset(header.topic(), header.queueId());
        ReadResult result = store.read(header.topic(), header.queueId(), min, 1, 1);
        if (result.status() != ReadStatus.FOUND) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "queue " + header.topic() + "/" + header.queueId()
                    + " holds no message");
            return;
        }
        respond(context, new GetEarliestMsgStoretimeResponseHeader(result.messages().getFirst().storeTimestamp())
                .toExtFields());
    }

    private static void respond(RequestContext context, java.util.Map<String, String> extFields) {
        context.respond(context.request().response(ResponseCode.SUCCESS).extFields(extFields));
    }
}
