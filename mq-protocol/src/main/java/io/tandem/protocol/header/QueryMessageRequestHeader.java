package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * QUERY_MESSAGE (12) request header (fact sheet 2.14).
 *
 * @param topic topic
 * @param key a KEYS token, or a UNIQ_KEY when {@code uniqueKeyQuery}
 * @param maxNum most records wanted
 * @param beginTimestamp earliest store time, ms since the epoch
 * @param endTimestamp latest store time, ms since the epoch
 * @param uniqueKeyQuery ext key {@code _UNIQUE_KEY_QUERY}: the key is a UNIQ_KEY, or null
 */
public record QueryMessageRequestHeader(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp,
                                        Boolean uniqueKeyQuery)
        implements CommandHeader {

    public QueryMessageRequestHeader {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
    }

    public static QueryMessageRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.QUERY_MESSAGE, extFields));
    }

    public static QueryMessageRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static QueryMessageRequestHeader read(HeaderFields fields) {
        return new QueryMessageRequestHeader(
                fields.requiredString("topic"),
                fields.requiredString("key"),
                fields.requiredInt("maxNum"),
                fields.requiredLong("beginTimestamp"),
                fields.requiredLong("endTimestamp"),
                fields.optionalBoolean("_UNIQUE_KEY_QUERY"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .put("key", key)
                .put("maxNum", maxNum)
                .put("beginTimestamp", beginTimestamp)
                .put("endTimestamp", endTimestamp)
                .put("_UNIQUE_KEY_QUERY", uniqueKeyQuery)
                .toMap();
    }
}
