package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * DELETE_KV_CONFIG (102) request header: removes one value (removing an absent value succeeds).
 *
 * @param namespace namespace
 * @param key key within the namespace
 */
public record DeleteKvConfigRequestHeader(String namespace, String key) implements CommandHeader {

    public DeleteKvConfigRequestHeader {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
    }

    public static DeleteKvConfigRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.DELETE_KV_CONFIG, extFields));
    }

    public static DeleteKvConfigRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static DeleteKvConfigRequestHeader read(HeaderFields fields) {
        return new DeleteKvConfigRequestHeader(
                fields.requiredString("namespace"),
                fields.requiredString("key"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("namespace", namespace)
                .put("key", key)
                .toMap();
    }
}
