package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Codec of the property string (fact sheet 4.4): pairs {@code name U+0001 value U+0002}, concatenated, always ending
 * with U+0002. It travels in send headers ({@code properties} / {@code i}), in stored records and in batch entries.
 *
 * <p>Decoding follows the reference reader and never fails: segments without a separator, with an empty name or an
 * empty value are skipped, and a later duplicate overwrites an earlier one (the stored records of a batch repeat
 * UNIQ_KEY and WAIT; the last wins). Stateless and thread-safe.
 */
public final class MessageProperties {

    /** Separates a name from its value. */
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    /** Ends every pair. */
    public static final char PROPERTY_SEPARATOR = '\u0002';

    private MessageProperties() {
    }

    /**
     * Decodes a property string into an insertion-ordered map (position of each name's first occurrence, value of
     * its last). Null or empty input gives an empty map.
     */
    public static Map<String, String> decode(String properties) {
        Map<String, String> result = new LinkedHashMap<>();
        if (properties == null || properties.isEmpty()) {
            return result;
        }
        int start = 0;
        int length = properties.length();
        while (start < length) {
            int end = properties.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int separator = properties.indexOf(NAME_VALUE_SEPARATOR, start);
            if (separator > start && separator < end - 1) {
                result.put(properties.substring(start, separator), properties.substring(separator + 1, end));
            }
            start = end + 1;
        }
        return result;
    }

    /** Decodes {@code length} bytes of UTF-8 property string at {@code index} of {@code buf}. */
    public static Map<String, String> decode(ByteBuf buf, int index, int length) {
        return decode(buf.toString(index, length, StandardCharsets.UTF_8));
    }

    /**
     * Encodes properties in the map's iteration order, skipping null values; the result ends with U+0002 unless
     * it is empty. (An empty value is written, as the reference writer does, and dropped again by every reader.)
     *
     * @throws IllegalArgumentException if a name is empty or a name or value contains U+0001 or U+0002
     */
    public static String encode(Map<String, String> properties) {
        StringBuilder out = new StringBuilder(64);
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = property.getKey();
            String value = property.getValue();
            if (value == null) {
                continue;
            }
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("property name must not be empty");
            }
            requireNoSeparator(name, "name");
            requireNoSeparator(value, "value of " + name);
            out.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
        }
        return out.toString();
    }

    private static void requireNoSeparator(String text, String what) {
        if (text.indexOf(NAME_VALUE_SEPARATOR) >= 0 || text.indexOf(PROPERTY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("property " + what + " contains U+0001 or U+0002");
        }
    }
}
