package io.tandem.protocol.txn;

import io.tandem.protocol.header.HeaderFields;

import java.util.StringJoiner;

/** Strict lookup of {@link WireNamed} constants: a text no constant has is an error, never a default. */
final class WireNames {

    private WireNames() {
    }

    /** The constant of {@code type} whose wire name is {@code text}, or null. */
    static <E extends Enum<E> & WireNamed> E find(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(text)) {
                return constant;
            }
        }
        return null;
    }

    /** The accepted texts, e.g. {@code COMMIT, ROLLBACK}. */
    static <E extends Enum<E> & WireNamed> String accepted(Class<E> type) {
        StringJoiner names = new StringJoiner(", ");
        for (E constant : type.getEnumConstants()) {
            names.add(constant.wireName());
        }
        return names.toString();
    }

    /** The problem text for a value no constant has: {@code = 'X' is none of A, B}. */
    static <E extends Enum<E> & WireNamed> String noneOf(Class<E> type, String text) {
        return "= '" + text + "' is none of " + accepted(type);
    }

    /**
     * For JSON creators: the constant for {@code text}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones (the JSON reader adds the field)
     */
    static <E extends Enum<E> & WireNamed> E fromJson(Class<E> type, String text) {
        E constant = find(type, text);
        if (constant == null) {
            throw new IllegalArgumentException("'" + text + "' is none of " + accepted(type));
        }
        return constant;
    }

    /**
     * Reads a required header field holding a wire name.
     *
     * @throws io.tandem.protocol.header.InvalidHeaderException if it is missing or no constant has its value
     */
    static <E extends Enum<E> & WireNamed> E required(HeaderFields fields, String key, Class<E> type) {
        String text = fields.requiredString(key);
        E constant = find(type, text.strip());
        if (constant == null) {
            throw fields.invalid(key, noneOf(type, text));
        }
        return constant;
    }
}
