package io.tandem.spring.support;

import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The payload conversion Tandem uses unless the application defines its own: {@code byte[]} as is, {@code String}
 * as UTF-8 text, everything else as JSON through Jackson. On receipt a {@code String} parameter gets the body as
 * text whatever its content type (so a JSON body can be read raw), a {@code byte[]} parameter the body itself, and any
 * other type, generic ones included, is read from JSON.
 */
public final class MqMessageConverters {

    private MqMessageConverters() {
    }

    /** The default converter, writing and reading JSON with {@code jsonMapper}. */
    public static SmartMessageConverter createDefault(JsonMapper jsonMapper) {
        return new CompositeMessageConverter(List.of(new ByteArrayMessageConverter(), new AnyTypeStringConverter(),
                new JacksonJsonMessageConverter(jsonMapper)));
    }

    /** Sends strings as {@code text/plain}, and reads any body as a string when a string is asked for. */
    private static final class AnyTypeStringConverter extends StringMessageConverter {

        AnyTypeStringConverter() {
            addSupportedMimeTypes(MimeTypeUtils.ALL);
        }
    }
}
