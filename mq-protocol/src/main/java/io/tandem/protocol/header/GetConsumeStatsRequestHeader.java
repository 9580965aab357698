package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_CONSUME_STATS (208) request header: a group's committed offsets next to the queues' max offsets.
 *
 * @param consumerGroup consumer group
 * @param topic only this topic, or null for every topic the group committed offsets of
 */
public record GetConsumeStatsRequestHeader(String consumerGroup, String topic) implements CommandHeader {

    public GetConsumeStatsRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    public static GetConsumeStatsRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_CONSUME_STATS, extFields));
    }

    public static GetConsumeStatsRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetConsumeStatsRequestHeader read(HeaderFields fields) {
        return new GetConsumeStatsRequestHeader(
                fields.requiredString("consumerGroup"),
                fields.optionalString("topic"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .put("topic", topic)
                .toMap();
    }
}
