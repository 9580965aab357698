package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_KV_CONFIG (101) request header: reads one value of the name server's key/value configuration.
 *
 * @param namespace namespace
 * @param key key within the namespace
 */
public record GetKvConfigRequestHeader(String namespace, String key) implements CommandHeader {

    public GetKvConfigRequestHeader {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
    }

    public static GetKvConfigRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_KV_CONFIG, extFields));
    }

    public static GetKvConfigRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetKvConfigRequestHeader read(HeaderFields fields) {
        return new GetKvConfigRequestHeader(
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
