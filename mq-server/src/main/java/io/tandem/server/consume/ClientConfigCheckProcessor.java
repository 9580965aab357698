package io.tandem.server.consume;

import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.server.filter.SqlFilter;
import io.tandem.server.filter.SqlFilterException;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CHECK_CLIENT_CONFIG (46): a push consumer with a SQL92 subscription asks at start whether the broker can serve it;
 * a non-zero answer stops the consumer from starting, with this remark. Answers 0 for tag subscriptions, and for
 * SQL92 ones when property filtering is on and the expression compiles.
 */
public final class ClientConfigCheckProcessor implements RequestProcessor {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final boolean propertyFilter;

    public ClientConfigCheckProcessor(boolean propertyFilter) {
        this.propertyFilter = propertyFilter;
    }

    @Override
    public void process(RequestContext context) {
        JsonNode subscription;
        try {
            subscription = JSON.readTree(context.request().body()).path("subscriptionData");
        } catch (JacksonException e) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "CHECK_CLIENT_CONFIG body is not JSON: "
                    + e.getOriginalMessage());
            return;
        }
        String type = subscription.path("expressionType").asString(SubscriptionData.EXPRESSION_TAG);
        if (!SubscriptionData.EXPRESSION_SQL92.equalsIgnoreCase(type)) {
            context.respondSuccess();
            return;
        }
        if (!propertyFilter) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "SQL92 filtering is disabled on this broker "
                    + "(enable the property filter to use it)");
            return;
        }
        try {
            SqlFilter.compile(subscription.path("subString").asString(""));
            context.respondSuccess();
        } catch (SqlFilterException e) {
            context.respondError(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "cannot parse SQL92 expression: "
                    + e.getMessage());
        }
    }
}
