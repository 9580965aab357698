package io.tandem.protocol.message;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One inner message of a SEND_BATCH_MESSAGE body ({@link BatchMessageDescriptor}). Topic, queue, born time and the
 * batch-level properties come from the request header; the broker stores each entry as its own record with its
 * properties followed by the batch-level ones.
 *
 * @param flag       the message's user flag
 * @param body       body bytes (not copied; do not modify)
 * @param properties the entry's properties (KEYS, TAGS, UNIQ_KEY, WAIT, user properties), unmodifiable
 */
public record BatchEntry(int flag, byte[] body, Map<String, String> properties) {

    public BatchEntry {
        Objects.requireNonNull(body, "body");
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatchEntry that && flag == that.flag && Arrays.equals(body, that.body)
                && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return (31 * flag + Arrays.hashCode(body)) * 31 + properties.hashCode();
    }

    @Override
    public String toString() {
        return "BatchEntry{flag=" + flag + ", bodyLength=" + body.length + ", properties=" + properties + '}';
    }
}
