package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_PRODUCER_CONNECTION_LIST (204) request header: the live connections of a producer group.
 *
 * @param producerGroup producer group
 */
public record GetProducerConnectionListRequestHeader(String producerGroup) implements CommandHeader {

    public GetProducerConnectionListRequestHeader {
        Objects.requireNonNull(producerGroup, "producerGroup");
    }

    public static GetProducerConnectionListRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_PRODUCER_CONNECTION_LIST, extFields));
    }

    public static GetProducerConnectionListRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetProducerConnectionListRequestHeader read(HeaderFields fields) {
        return new GetProducerConnectionListRequestHeader(
                fields.requiredString("producerGroup"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("producerGroup", producerGroup)
                .toMap();
    }
}
