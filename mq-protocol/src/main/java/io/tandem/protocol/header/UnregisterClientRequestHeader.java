package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * UNREGISTER_CLIENT (35) request header (fact sheet 2.3): one group per request.
 *
 * @param clientId client id (wire key {@code clientID})
 * @param producerGroup producer group leaving, or null
 * @param consumerGroup consumer group leaving, or null
 */
public record UnregisterClientRequestHeader(String clientId, String producerGroup, String consumerGroup)
        implements CommandHeader {

    public UnregisterClientRequestHeader {
        Objects.requireNonNull(clientId, "clientId");
    }

    public static UnregisterClientRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.UNREGISTER_CLIENT, extFields));
    }

    public static UnregisterClientRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static UnregisterClientRequestHeader read(HeaderFields fields) {
        return new UnregisterClientRequestHeader(
                fields.requiredString("clientID"),
                fields.optionalString("producerGroup"),
                fields.optionalString("consumerGroup"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("clientID", clientId)
                .put("producerGroup", producerGroup)
                .put("consumerGroup", consumerGroup)
                .toMap();
    }
}
