package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * SEARCH_OFFSET_BY_TIMESTAMP (29) request header (fact sheet 2.13).
 *
 * @param topic topic
 * @param queueId queue
 * @param timestamp store time to search for, ms since the epoch
 * @param boundaryType side of the boundary (Java sends LOWER), or null
 * @param brokerName {@code bname}, or null
 */
public record SearchOffsetRequestHeader(String topic, int queueId, long timestamp, BoundaryType boundaryType,
                                        String brokerName)
        implements CommandHeader {

    public SearchOffsetRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static SearchOffsetRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, extFields));
    }

    public static SearchOffsetRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static SearchOffsetRequestHeader read(HeaderFields fields) {
        return new SearchOffsetRequestHeader(
                fields.requiredString("topic"),
                fields.requiredInt("queueId"),
                fields.requiredLong("timestamp"),
                readBoundaryType(fields),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    private static BoundaryType readBoundaryType(HeaderFields fields) {
        String value = fields.optionalString("boundaryType");
        if (value == null) {
            return null;
        }
        for (BoundaryType type : BoundaryType.values()) {
            if (type.name().equalsIgnoreCase(value.strip())) {
                return type;
            }
        }
        throw fields.invalid("boundaryType", "= '" + value + "' is neither LOWER nor UPPER");
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .put("queueId", queueId)
                .put("timestamp", timestamp)
                .put("boundaryType", boundaryType == null ? null : boundaryType.name())
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
