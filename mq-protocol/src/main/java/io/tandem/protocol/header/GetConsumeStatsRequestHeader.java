package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * GET_CONSUME_STATS (208) request header: a group's committed offsets next to the queues' max offsets.
 *
 * @param consumerGroup consumer group
 * @param topic only this topic, or null for every topic the group committed offsets of or subscribes to
 * @param topicList ext key {@code topicList} (names joined by {@code ;}): only these topics, whether subscribed or
 *                  not; empty when absent
 */
public record GetConsumeStatsRequestHeader(String consumerGroup, String topic, List<String> topicList)
        implements CommandHeader {

    private static final String TOPIC_LIST_SEPARATOR = ";";

    public GetConsumeStatsRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        topicList = topicList == null ? List.of() : List.copyOf(topicList);
    }

    /** A request for one topic (or all, when {@code topic} is null) and no topic list. */
    public GetConsumeStatsRequestHeader(String consumerGroup, String topic) {
        this(consumerGroup, topic, List.of());
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
                fields.optionalString("topic"),
                split(fields.optionalString("topicList")));
    }

    private static List<String> split(String joined) {
        List<String> topics = new ArrayList<>();
        if (joined != null) {
            for (String topic : joined.split(TOPIC_LIST_SEPARATOR)) {
                if (!topic.isBlank()) {
                    topics.add(topic.strip());
                }
            }
        }
        return topics;
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .put("topic", topic)
                .put("topicList", topicList.isEmpty() ? null : String.join(TOPIC_LIST_SEPARATOR, topicList))
                .toMap();
    }
}
