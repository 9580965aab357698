package io.tandem.server.filter;

import java.util.Locale;

/**
 * One lexical unit of a filter expression. {@code text} is the source text, except for strings, where it is the value
 * with the quotes removed and doubled quotes collapsed; {@code position} is the zero-based index of its first character.
 */
record Token(Kind kind, String text, int position) {

    enum Kind {
        IDENTIFIER,
        STRING,
        INTEGER,
        DECIMAL,
        LEFT_PAREN,
        RIGHT_PAREN,
        COMMA,
        EQUAL,
        NOT_EQUAL,
        LESS,
        LESS_OR_EQUAL,
        GREATER,
        GREATER_OR_EQUAL,
        PLUS,
        MINUS,
        AND(true),
        OR(true),
        NOT(true),
        BETWEEN(true),
        IN(true),
        IS(true),
        NULL(true),
        TRUE(true),
        FALSE(true),
        STARTSWITH(true),
        ENDSWITH(true),
        CONTAINS(true),
        END;

        private final boolean keyword;

        Kind() {
            this(false);
        }

        Kind(boolean keyword) {
            this.keyword = keyword;
        }

        /** The keyword spelled {@code word} in any case, or {@code null}. */
        static Kind keyword(String word) {
            return switch (word.toUpperCase(Locale.ROOT)) {
                case "AND" -> AND;
                case "OR" -> OR;
                case "NOT" -> NOT;
                case "BETWEEN" -> BETWEEN;
                case "IN" -> IN;
                case "IS" -> IS;
                case "NULL" -> NULL;
                case "TRUE" -> TRUE;
                case "FALSE" -> FALSE;
                case "STARTSWITH" -> STARTSWITH;
                case "ENDSWITH" -> ENDSWITH;
                case "CONTAINS" -> CONTAINS;
                default -> null;
            };
        }
    }

    /** How an error message refers to this token. */
    String describe() {
        if (kind.keyword) {
            return kind.name();
        }
        return switch (kind) {
            case END -> "end of expression";
            case STRING -> "string '" + text.replace("'", "''") + "'";
            case INTEGER, DECIMAL -> "number " + text;
            case IDENTIFIER -> "property '" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
