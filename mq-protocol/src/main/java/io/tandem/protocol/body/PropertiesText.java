package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Bodies of GET_BROKER_CONFIG (26) and UPDATE_BROKER_CONFIG (25): settings as {@link Properties} text, one
 * {@code key=value} per line. Written with the escapes of {@link Properties#store(java.io.OutputStream, String)}
 * (characters outside Latin-1 as {@code \\uXXXX}), since the reference tools read the text back with
 * {@link Properties#load}; read leniently, as the tools write raw {@code key=value} lines. Stateless; thread-safe.
 */
public final class PropertiesText {

    private PropertiesText() {
    }

    /** The settings as properties text, keys in alphabetical order, without the date comment. */
    public static byte[] encode(Map<String, String> settings) {
        SortedMap<String, String> sorted = new TreeMap<>(settings);
        Properties properties = new Properties() {
            // store() writes the entries in entrySet() order; sorted text is easier to read and to compare.
            @Override
            public Set<Map.Entry<Object, Object>> entrySet() {
                Set<Map.Entry<Object, Object>> entries = new LinkedHashSet<>();
                sorted.forEach((key, value) -> entries.add(Map.entry(key, value)));
                return entries;
            }
        };
        properties.putAll(sorted);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.ISO_8859_1);
        // store() always starts with a "#<date>" line; the body carries settings only.
        int firstLineEnd = text.indexOf('\n');
        String body = text.startsWith("#") && firstLineEnd >= 0 ? text.substring(firstLineEnd + 1) : text;
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The settings in {@code body}, sorted by key.
     *
     * @throws ProtocolException if the text has a malformed {@code \\u} escape
     */
    public static SortedMap<String, String> decode(byte[] body) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(body, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ProtocolException("malformed properties text: " + e.getMessage(), e);
        }
        SortedMap<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }
}
