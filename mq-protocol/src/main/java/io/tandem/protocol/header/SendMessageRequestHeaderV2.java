package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * The short-key header of SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320) (fact sheet 2.4): the same information
 * as {@link SendMessageRequestHeader} under one-letter keys {@code a} to {@code n}. Components keep the long names;
 * only the extFields keys are short. Convert with {@link #toV1()} and {@link #fromV1}.
 */
public record SendMessageRequestHeaderV2(String producerGroup, String topic, String defaultTopic,
                                         int defaultTopicQueueNums, int queueId, int sysFlag, long bornTimestamp,
                                         int flag, String properties, Integer reconsumeTimes, Boolean unitMode,
                                         Integer maxReconsumeTimes, Boolean batch, String brokerName)
        implements CommandHeader {

    /** Short key to long name, in wire order. */
    private static final Map<String, String> KEY_NAMES = Map.ofEntries(
            Map.entry("a", "producerGroup"), Map.entry("b", "topic"), Map.entry("c", "defaultTopic"),
            Map.entry("d", "defaultTopicQueueNums"), Map.entry("e", "queueId"), Map.entry("f", "sysFlag"),
            Map.entry("g", "bornTimestamp"), Map.entry("h", "flag"), Map.entry("i", "properties"),
            Map.entry("j", "reconsumeTimes"), Map.entry("k", "unitMode"), Map.entry("l", "maxReconsumeTimes"),
            Map.entry("m", "batch"), Map.entry("n", "brokerName"));

    public SendMessageRequestHeaderV2 {
        Objects.requireNonNull(producerGroup, "producerGroup");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(defaultTopic, "defaultTopic");
    }

    /** Reads the short-key header, naming SEND_MESSAGE_V2 in errors. */
    public static SendMessageRequestHeaderV2 fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.SEND_MESSAGE_V2, extFields));
    }

    /** Reads the short-key header of a 310, 320 or 325 request, naming its code in errors. */
    public static SendMessageRequestHeaderV2 from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static SendMessageRequestHeaderV2 read(HeaderFields fields) {
        fields.describingKeys(KEY_NAMES);
        return new SendMessageRequestHeaderV2(
                fields.requiredString("a"),
                fields.requiredString("b"),
                fields.requiredString("c"),
                fields.requiredInt("d"),
                fields.requiredInt("e"),
                fields.requiredInt("f"),
                fields.requiredLong("g"),
                fields.requiredInt("h"),
                fields.optionalString("i"),
                fields.optionalInt("j"),
                fields.optionalBoolean("k"),
                fields.optionalInt("l"),
                fields.optionalBoolean("m"),
                fields.optionalString("n"));
    }

    public static SendMessageRequestHeaderV2 fromV1(SendMessageRequestHeader v1) {
        return new SendMessageRequestHeaderV2(v1.producerGroup(), v1.topic(), v1.defaultTopic(),
                v1.defaultTopicQueueNums(), v1.queueId(), v1.sysFlag(), v1.bornTimestamp(), v1.flag(),
                v1.properties(), v1.reconsumeTimes(), v1.unitMode(), v1.maxReconsumeTimes(), v1.batch(),
                v1.brokerName());
    }

    public SendMessageRequestHeader toV1() {
        return new SendMessageRequestHeader(producerGroup, topic, defaultTopic, defaultTopicQueueNums, queueId,
                sysFlag, bornTimestamp, flag, properties, reconsumeTimes, unitMode, maxReconsumeTimes, batch,
                brokerName);
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("a", producerGroup)
                .put("b", topic)
                .put("c", defaultTopic)
                .put("d", defaultTopicQueueNums)
                .put("e", queueId)
                .put("f", sysFlag)
                .put("g", bornTimestamp)
                .put("h", flag)
                .put("i", properties)
                .put("j", reconsumeTimes)
                .put("k", unitMode)
                .put("l", maxReconsumeTimes)
                .put("m", batch)
                .put("n", brokerName)
                .toMap();
    }
}
