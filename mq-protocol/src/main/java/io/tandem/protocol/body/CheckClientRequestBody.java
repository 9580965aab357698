package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

/**
 * Body of CHECK_CLIENT_CONFIG (46) (fact sheet 2.15, 6.7): a push consumer with a SQL92 subscription asks at start
 * whether the broker can serve it; any answer but 0 aborts the start.
 *
 * @param clientId         the asking client
 * @param group            its consumer group
 * @param subscriptionData the subscription to check
 */
public record CheckClientRequestBody(String clientId, String group, SubscriptionData subscriptionData) {

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not check-client JSON
     */
    public static CheckClientRequestBody fromJson(byte[] json) {
        return RemotingJson.decode(json, CheckClientRequestBody.class);
    }
}
