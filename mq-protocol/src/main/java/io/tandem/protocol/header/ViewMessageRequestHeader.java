package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * VIEW_MESSAGE_BY_ID (33) request header (fact sheet 2.14). The client sends it to the address inside the offset
 * message id.
 *
 * @param topic topic, or null
 * @param commitLogOffset commit-log offset of the record (wire key {@code offset})
 */
public record ViewMessageRequestHeader(String topic, long commitLogOffset) implements CommandHeader {

    public static ViewMessageRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.VIEW_MESSAGE_BY_ID, extFields));
    }

    public static ViewMessageRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static ViewMessageRequestHeader read(HeaderFields fields) {
        return new ViewMessageRequestHeader(fields.optionalString("topic"), fields.requiredLong("offset"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("topic", topic)
                .put("offset", commitLogOffset)
                .toMap();
    }
}
