package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * PUT_KV_CONFIG (100) request header: stores one value in the name server's key/value configuration.
 *
 * @param namespace namespace, e.g. {@code ORDER_TOPIC_CONFIG}
 * @param key key within the namespace
 * @param value value to store
 */
public record PutKvConfigRequestHeader(String namespace, String key, String value) implements CommandHeader {

    public PutKvConfigRequestHeader {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static PutKvConfigRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.PUT_KV_CONFIG, extFields));
    }

    public static PutKvConfigRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static PutKvConfigRequestHeader read(HeaderFields fields) {
        return new PutKvConfigRequestHeader(
                fields.requiredString("namespace"),
                fields.requiredString("key"),
                fields.requiredString("value"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("namespace", namespace)
                .put("key", key)
                .put("value", value)
                .toMap();
    }
}
