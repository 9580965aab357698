package io.tandem.protocol.route;

import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.RemotingJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

import java.util.Map;

/**
 * Writes a map with numeric keys as a JSON object, with quoted keys in {@link JsonFlavor#STANDARD} and bare keys in
 * {@link JsonFlavor#LEGACY_UNQUOTED_NUMERIC_KEYS} (chosen by the writer attribute
 * {@link RemotingJson#FLAVOR_ATTRIBUTE}). Values are written as JSON strings.
 */
final class NumericKeyMapSerializer extends ValueSerializer<Map<? extends Number, String>> {

    @Override
    public void serialize(Map<? extends Number, String> map, JsonGenerator generator, SerializationContext context) {
        if (context.getAttribute(RemotingJson.FLAVOR_ATTRIBUTE) == JsonFlavor.LEGACY_UNQUOTED_NUMERIC_KEYS) {
            StringBuilder raw = new StringBuilder(2 + map.size() * 24).append('{');
            for (Map.Entry<? extends Number, String> entry : map.entrySet()) {
                if (raw.length() > 1) {
                    raw.append(',');
                }
                raw.append(entry.getKey()).append(":\"");
                JsonStringEncoder.getInstance().quoteAsString(entry.getValue(), raw);
                raw.append('"');
            }
            generator.writeRawValue(raw.append('}').toString());
            return;
        }
        generator.writeStartObject();
        for (Map.Entry<? extends Number, String> entry : map.entrySet()) {
            generator.writeName(entry.getKey().toString());
            generator.writeString(entry.getValue());
        }
        generator.writeEndObject();
    }
}
