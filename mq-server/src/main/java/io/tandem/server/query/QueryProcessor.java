package io.tandem.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.QueryMessageRequestHeader;
import io.tandem.protocol.header.QueryMessageResponseHeader;
import io.tandem.protocol.header.ViewMessageRequestHeader;
import io.tandem.server.message.WireRecordWriter;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.store.MessageStore;
import io.tandem.store.StoredMessage;

import java.util.List;
import java.util.Optional;

/**
 * VIEW_MESSAGE_BY_ID (33: by commit-log position, the broker message id) and QUERY_MESSAGE (12: by a KEYS token or
 * the UNIQ_KEY, within a store-time range), fact sheet 2.14. Reads may touch cold data: runs off the event loop.
 */
public final class QueryProcessor implements RequestProcessor {

    private static final int MAX_UNIQUE_KEY_RESULTS = 32;
    private static final int MAX_RESULTS = 64;

    private final MessageStore store;
    private final WireRecordWriter wireWriter;

    public QueryProcessor(MessageStore store, WireRecordWriter wireWriter) {
        this.store = store;
        this.wireWriter = wireWriter;
    }

    @Override
    public void process(RequestContext context) {
        if (context.request().code() == RequestCode.VIEW_MESSAGE_BY_ID) {
            view(context);
        } else {
            query(context);
        }
    }

    private void view(RequestContext context) {
        ViewMessageRequestHeader header = ViewMessageRequestHeader.from(context.request());
        Optional<StoredMessage> message = store.readByPosition(header.commitLogOffset());
        if (message.isEmpty()) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "can not find message by the offset, "
                    + header.commitLogOffset());
            return;
        }
        context.respond(context.request().response(ResponseCode.SUCCESS).body(encode(List.of(message.get()))));
    }

    private void query(RequestContext context) {
        QueryMessageRequestHeader header = QueryMessageRequestHeader.from(context.request());
        boolean uniqueKey = Boolean.TRUE.equals(header.uniqueKeyQuery());
        int max = uniqueKey ? MAX_UNIQUE_KEY_RESULTS : Math.max(1, Math.min(header.maxNum(), MAX_RESULTS));
        long end = header.endTimestamp() <= 0 ? Long.MAX_VALUE : header.endTimestamp();
        List<StoredMessage> found = store.lookupByKey(header.topic(), header.key(), header.beginTimestamp(), end, max);
        if (found.isEmpty()) {
            context.respondError(ResponseCode.QUERY_NOT_FOUND, "can not find message, maybe time range not correct");
            return;
        }
        long newest = found.stream().mapToLong(StoredMessage::storeTimestamp).max().orElse(0);
        long lastPosition = found.stream().mapToLong(StoredMessage::position).max().orElse(0);
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .extFields(new QueryMessageResponseHeader(newest, lastPosition).toExtFields())
                .body(encode(found)));
    }

    private byte[] encode(List<StoredMessage> messages) {
        ByteBuf out = Unpooled.buffer();
        for (StoredMessage message : messages) {
            wireWriter.write(message, out);
        }
        return ByteBufUtil.getBytes(out);
    }
}
