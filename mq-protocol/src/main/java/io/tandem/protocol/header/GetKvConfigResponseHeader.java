package io.tandem.protocol.header;

import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * GET_KV_CONFIG (101) response header.
 *
 * @param value the stored value, or null
 */
public record GetKvConfigResponseHeader(String value) implements CommandHeader {

    public static GetKvConfigResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.GET_KV_CONFIG, extFields));
    }

    private static GetKvConfigResponseHeader read(HeaderFields fields) {
        return new GetKvConfigResponseHeader(
                fields.optionalString("value"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("value", value)
                .toMap();
    }
}
