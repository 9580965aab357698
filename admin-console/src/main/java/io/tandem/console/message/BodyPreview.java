package io.tandem.console.message;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Three views of a message body for a person: as text (when it is valid UTF-8 without binary control characters),
 * as indented JSON (when the text parses as a JSON object or array), and as a hex dump with an ASCII column. Views
 * show at most {@code maxBytes} of the body; the download has it whole.
 *
 * @param length    the body's length in bytes
 * @param shown     bytes the views cover
 * @param text      the body as text, or null when it is not text
 * @param json      the body as indented JSON, or null when it is not JSON
 * @param hex       the hex dump of the bytes shown
 */
public record BodyPreview(int length, int shown, String text, String json, String hex) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The views of {@code body}, each covering at most {@code maxBytes}. */
    public static BodyPreview of(byte[] body, int maxBytes) {
        int shown = Math.min(body.length, maxBytes);
        String text = asText(body, shown);
        return new BodyPreview(body.length, shown, text, text == null || shown < body.length ? null : asJson(text),
                hexDump(body, shown));
    }

    public boolean truncated() {
        return shown < length;
    }

    /** The first {@code length} bytes decoded as UTF-8, or null when they are not text. */
    static String asText(byte[] body, int length) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            if (length < body.length) {
                return asText(body, Math.max(0, length - 3));
            }
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return text;
    }

    /** {@code text} indented, when it is a JSON object or array; else null. */
    static String asJson(String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return null;
        }
        try {
            JsonNode tree = JSON.readTree(trimmed);
            return JSON.writeValueAsString(tree);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Lines of 16 bytes: offset, bytes in hex, the printable ASCII ones. */
    static String hexDump(byte[] body, int length) {
        StringBuilder dump = new StringBuilder(length * 4 + 16);
        for (int line = 0; line < length; line += 16) {
            dump.append(String.format("%08x  ", line));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = line; i < line + 16; i++) {
                if (i < length) {
                    int b = body[i] & 0xff;
                    dump.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16)).append(' ');
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    dump.append("   ");
                }
                if (i == line + 7) {
                    dump.append(' ');
                }
            }
            dump.append(" |").append(ascii).append("|\n");
        }
        return dump.toString();
    }
}
