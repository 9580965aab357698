package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_KVLIST_BY_NAMESPACE (219) request header: every value of one namespace.
 *
 * @param namespace namespace
 */
public record GetKvListByNamespaceRequestHeader(String namespace) implements CommandHeader {

    public GetKvListByNamespaceRequestHeader {
        Objects.requireNonNull(namespace, "namespace");
    }

    public static GetKvListByNamespaceRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_KVLIST_BY_NAMESPACE, extFields));
    }

    public static GetKvListByNamespaceRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetKvListByNamespaceRequestHeader read(HeaderFields fields) {
        return new GetKvListByNamespaceRequestHeader(
                fields.requiredString("namespace"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("namespace", namespace)
                .toMap();
    }
}
