package io.tandem.protocol.header;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects header fields as extFields text in insertion order, skipping null values. Not thread-safe. */
public final class ExtFieldsWriter {

    private final LinkedHashMap<String, String> fields = new LinkedHashMap<>();

    private ExtFieldsWriter() {
    }

    public static ExtFieldsWriter create() {
        return new ExtFieldsWriter();
    }

    /** Adds {@code key} with the decimal or {@code true}/{@code false} text of {@code value}, unless it is null. */
    public ExtFieldsWriter put(String key, Object value) {
        if (value != null) {
            fields.put(key, value.toString());
        }
        return this;
    }

    /** The collected fields; the writer must not be used afterwards. */
    public Map<String, String> toMap() {
        return fields;
    }
}
