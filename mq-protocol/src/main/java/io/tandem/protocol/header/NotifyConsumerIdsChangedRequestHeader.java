package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * NOTIFY_CONSUMER_IDS_CHANGED (40) request header, broker to client, oneway (fact sheet 2.11).
 *
 * @param consumerGroup group whose membership or subscriptions changed
 */
public record NotifyConsumerIdsChangedRequestHeader(String consumerGroup) implements CommandHeader {

    public NotifyConsumerIdsChangedRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    public static NotifyConsumerIdsChangedRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, extFields));
    }

    public static NotifyConsumerIdsChangedRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static NotifyConsumerIdsChangedRequestHeader read(HeaderFields fields) {
        return new NotifyConsumerIdsChangedRequestHeader(fields.requiredString("consumerGroup"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .toMap();
    }
}
