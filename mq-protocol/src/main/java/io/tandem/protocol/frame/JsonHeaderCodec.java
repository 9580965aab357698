package io.tandem.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.tandem.protocol.LanguageCode;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.SerializeType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.json.JsonFactory;

import java.io.OutputStream;
import java.util.Map;

/**
 * Reads and writes the JSON header (fact sheet 1.4) with Jackson's streaming API, so that decoding can be as lenient
 * as the reference: unknown keys are skipped, missing keys keep their defaults (code, flag, opaque, version 0;
 * language JAVA), {@code language} may be a name or an ordinal, numbers may arrive as numeric strings. Anything that
 * is not one JSON object, or a known key whose value has the wrong shape, is a {@link ProtocolException}.
 *
 * <p>Output follows the Java writer: keys in alphabetical order, null remark and null extFields omitted,
 * {@code serializeTypeCurrentRPC} always present, control characters escaped, other characters raw UTF-8.
 * Stateless and thread-safe.
 */
final class JsonHeaderCodec {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonHeaderCodec() {
    }

    /** Decodes {@code length} bytes of JSON starting at {@code offset} into a builder without body. */
    static RemotingCommand.Builder decode(byte[] bytes, int offset, int length) {
        RemotingCommand.Builder builder = RemotingCommand.request(0).version(0);
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new ProtocolException("JSON header is not an object: it starts with "
                        + (first == null ? "nothing" : first.name()));
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "code" -> builder.code(readInt(parser, name));
                    case "language" -> builder.language(readLanguage(parser));
                    case "version" -> builder.version(readInt(parser, name));
                    case "opaque" -> builder.opaque(readInt(parser, name));
                    case "flag" -> builder.flag(readInt(parser, name));
                    case "remark" -> builder.remark(readString(parser, name));
                    case "extFields" -> readExtFields(parser, builder);
                    default -> parser.skipChildren();
                }
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new ProtocolException("JSON header has data after its closing brace: " + trailing);
            }
            return builder;
        } catch (JacksonException e) {
            throw new ProtocolException("malformed JSON header: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the JSON header of {@code command} at the writer index; returns the number of bytes written. */
    static int encode(RemotingCommand command, ByteBuf out) {
        int start = out.writerIndex();
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(),
                (OutputStream) new ByteBufOutputStream(out))) {
            generator.writeStartObject();
            generator.writeName("code");
            generator.writeNumber(command.code());
            if (command.hasExtFields()) {
                generator.writeName("extFields");
                generator.writeStartObject();
                for (Map.Entry<String, String> field : command.extFields().entrySet()) {
                    generator.writeName(field.getKey());
                    generator.writeString(field.getValue());
                }
                generator.writeEndObject();
            }
            generator.writeName("flag");
            generator.writeNumber(command.flag());
            generator.writeName("language");
            generator.writeString(command.language().name());
            generator.writeName("opaque");
            generator.writeNumber(command.opaque());
            if (command.remark() != null) {
                generator.writeName("remark");
                generator.writeString(command.remark());
            }
            generator.writeName("serializeTypeCurrentRPC");
            generator.writeString(SerializeType.JSON.name());
            generator.writeName("version");
            generator.writeNumber(command.version());
            generator.writeEndObject();
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write JSON header of " + command, e);
        }
        return out.writerIndex() - start;
    }

    private static int readInt(JsonParser parser, String name) {
        JsonToken token = parser.currentToken();
        try {
            return switch (token) {
                case VALUE_NUMBER_INT -> parser.getIntValue();
                case VALUE_NULL -> 0;
                case VALUE_STRING -> Integer.parseInt(parser.getString().trim());
                default -> throw new ProtocolException("JSON header key '" + name + "' must be an integer, found "
                        + token);
            };
        } catch (InputCoercionException e) {
            throw new ProtocolException("JSON header key '" + name + "' is out of int32 range", e);
        } catch (NumberFormatException e) {
            throw new ProtocolException("JSON header key '" + name + "' is not an integer: '" + parser.getString()
                    + "'", e);
        }
    }

    private static LanguageCode readLanguage(JsonParser parser) {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_STRING -> LanguageCode.fromName(parser.getString());
            case VALUE_NUMBER_INT -> LanguageCode.fromCode(parser.getIntValue());
            case VALUE_NULL -> LanguageCode.JAVA;
            default -> throw new ProtocolException("JSON header key 'language' must be a name or a number, found "
                    + token);
        };
    }

    private static String readString(JsonParser parser, String name) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return parser.getString();
        }
        throw new ProtocolException("JSON header key '" + name + "' must be a string, found " + token);
    }

    /** Reads the extFields object (null: absent) into {@code builder}, field by field, without a map of its own. */
    private static void readExtFields(JsonParser parser, RemotingCommand.Builder builder) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            builder.extFields(null);
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new ProtocolException("JSON header key 'extFields' must be an object, found " + token);
        }
        builder.extFields(Map.of());
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            if (!value.isScalarValue()) {
                throw new ProtocolException("JSON header extFields value of '" + key + "' must be a string, found "
                        + value);
            }
            builder.extField(key, parser.getString());
        }
    }
}
