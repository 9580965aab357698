package io.tandem.server.route;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.KvTable;
import io.tandem.protocol.header.DeleteKvConfigRequestHeader;
import io.tandem.protocol.header.GetKvConfigRequestHeader;
import io.tandem.protocol.header.GetKvConfigResponseHeader;
import io.tandem.protocol.header.GetKvListByNamespaceRequestHeader;
import io.tandem.protocol.header.PutKvConfigRequestHeader;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.util.Map;

/**
 * The name server's key/value requests: PUT_KV_CONFIG (100), GET_KV_CONFIG (101, QUERY_NOT_FOUND when absent),
 * DELETE_KV_CONFIG (102, succeeds for absent values, as RocketMQ's {@code deleteTopic} and {@code deleteSubGroup}
 * expect) and GET_KVLIST_BY_NAMESPACE (219). Writes durably: runs off the event loop.
 */
public final class KvConfigProcessor implements RequestProcessor {

    private final KvConfigs configs;

    public KvConfigProcessor(KvConfigs configs) {
        this.configs = configs;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.PUT_KV_CONFIG -> {
                PutKvConfigRequestHeader header = PutKvConfigRequestHeader.from(context.request());
                configs.put(header.namespace(), header.key(), header.value());
                context.respondSuccess();
            }
            case RequestCode.GET_KV_CONFIG -> {
                GetKvConfigRequestHeader header = GetKvConfigRequestHeader.from(context.request());
                configs.get(header.namespace(), header.key()).ifPresentOrElse(
                        value -> context.respond(context.request().response(ResponseCode.SUCCESS)
                                .extFields(new GetKvConfigResponseHeader(value).toExtFields())),
                        () -> context.respondError(ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: "
                                + header.namespace() + " Key: " + header.key()));
            }
            case RequestCode.DELETE_KV_CONFIG -> {
                DeleteKvConfigRequestHeader header = DeleteKvConfigRequestHeader.from(context.request());
                configs.delete(header.namespace(), header.key());
                context.respondSuccess();
            }
            case RequestCode.GET_KVLIST_BY_NAMESPACE -> {
                GetKvListByNamespaceRequestHeader header = GetKvListByNamespaceRequestHeader.from(context.request());
                Map<String, String> values = configs.namespace(header.namespace());
                if (values.isEmpty()) {
                    context.respondError(ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: "
                            + header.namespace());
                } else {
                    context.respond(context.request().response(ResponseCode.SUCCESS)
                            .body(new KvTable(values).toJson()));
                }
            }
            default -> throw new IllegalStateException("not a key/value request: " + context.request().code());
        }
    }
}
