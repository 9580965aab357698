package io.tandem.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the JSON bodies of remoting commands (route data, heartbeats, lock bodies, consumer lists) the
 * way the reference's JSON library does: properties in alphabetical order, null properties omitted, unknown
 * properties ignored, missing primitives defaulted, and bare (unquoted) property names accepted so that legacy
 * route JSON parses too. Thread-safe.
 *
 * <p>Design note: the body types are plain records with Jackson annotations only where a wire name or dialect needs
 * one; this class owns the one configured mapper, so that every body is read with the same leniency.
 */
public final class RemotingJson {

    /**
     * Writer attribute set to {@link JsonFlavor#LEGACY_UNQUOTED_NUMERIC_KEYS} when writing the legacy dialect;
     * serializers of numeric-keyed maps look it up.
     */
    public static final String FLAVOR_ATTRIBUTE = "io.tandem.protocol.JsonFlavor";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private static final ObjectWriter STANDARD_WRITER = MAPPER.writer()
            .withAttribute(FLAVOR_ATTRIBUTE, JsonFlavor.STANDARD);
    private static final ObjectWriter LEGACY_WRITER = MAPPER.writer()
            .withAttribute(FLAVOR_ATTRIBUTE, JsonFlavor.LEGACY_UNQUOTED_NUMERIC_KEYS);

    private RemotingJson() {
    }

    /** UTF-8 standard JSON of {@code body}. */
    public static byte[] encode(Object body) {
        return encode(body, JsonFlavor.STANDARD);
    }

    /** UTF-8 JSON of {@code body} in the given dialect. */
    public static byte[] encode(Object body, JsonFlavor flavor) {
        try {
            return (flavor == JsonFlavor.STANDARD ? STANDARD_WRITER : LEGACY_WRITER).writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a body of the given type from UTF-8 JSON in either dialect.
     *
     * @throws ProtocolException if the bytes are not JSON of that shape; the message names the type, the problem and
     *                           where in the body it is (e.g. {@code decisions[0].source})
     */
    public static <T> T decode(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new ProtocolException("empty " + type.getSimpleName() + " JSON body");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            String at = path(e);
            throw new ProtocolException("invalid " + type.getSimpleName() + " JSON body: " + e.getOriginalMessage()
                    + (at.isEmpty() ? "" : " (at " + at + ")"), e);
        }
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
