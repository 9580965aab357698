package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the non-standard JSON the reference broker writes for maps keyed by {@link MessageQueue} (fact sheet 6.8):
 * ordinary JSON, except that an object key may itself be an object, e.g.
 * {@code {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"brokerOffset":3}}}}. Values come back as
 * {@code Map<Object, Object>} (keys are strings or maps), {@code List<Object>}, {@code String}, {@code Long},
 * {@code Double}, {@code Boolean} or null. Stateless; thread-safe.
 */
public final class ObjectKeyJson {

    private final String text;
    private int at;

    private ObjectKeyJson(String text) {
        this.text = text;
    }

    /**
     * @throws ProtocolException naming the position when the text is not JSON of this dialect
     */
    public static Object parse(String text) {
        ObjectKeyJson reader = new ObjectKeyJson(text);
        Object value = reader.value();
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw reader.error("trailing characters");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't', 'f' -> bool();
            case 'n' -> {
                expectWord("null");
                yield null;
            }
            default -> number();
        };
    }

    private Map<Object, Object> object() {
        Map<Object, Object> map = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return map;
        }
        while (true) {
            skipSpace();
            Object key = peek() == '{' ? object() : peek() == '"' ? string() : bareKey();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private String bareKey() {
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '-'
                || text.charAt(at) == '_')) {
            at++;
        }
        if (start == at) {
            throw error("expected an object key");
        }
        return text.substring(start, at);
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            list.add(value());
            skipSpace();
            char c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char escaped = next();
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            } else {
                out.append(c);
            }
        }
    }

    private Boolean bool() {
        if (text.startsWith("true", at)) {
            at += 4;
            return Boolean.TRUE;
        }
        expectWord("false");
        return Boolean.FALSE;
    }

    private Object number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String token = text.substring(start, at);
        if (token.isEmpty()) {
            throw error("unexpected character '" + text.charAt(start) + "'");
        }
        try {
            return token.contains(".") || token.contains("e") || token.contains("E")
                    ? (Object) Double.parseDouble(token) : (Object) Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw error("bad number '" + token + "'");
        }
    }

    private void expectWord(String word) {
        if (!text.startsWith(word, at)) {
            throw error("expected " + word);
        }
        at += word.length();
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private ProtocolException error(String problem) {
        return new ProtocolException("malformed JSON at character " + at + ": " + problem);
    }
}
