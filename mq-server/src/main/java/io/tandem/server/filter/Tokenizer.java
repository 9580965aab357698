package io.tandem.server.filter;

import io.tandem.server.filter.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/** Splits a filter expression into {@link Token}s, ending with one {@link Kind#END}. */
final class Tokenizer {

    private final String expression;
    private int index;

    private Tokenizer(String expression) {
        this.expression = expression;
    }

    static List<Token> tokenize(String expression) {
        Tokenizer tokenizer = new Tokenizer(expression);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = tokenizer.next();
            tokens.add(token);
        } while (token.kind() != Kind.END);
        return tokens;
    }

    private Token next() {
        int length = expression.length();
        while (index < length && Character.isWhitespace(expression.charAt(index))) {
            index++;
        }
        int start = index;
        if (start == length) {
            return new Token(Kind.END, "", start);
        }
        char c = expression.charAt(start);
        if (c == '\'') {
            return string(start);
        }
        if (isDigit(c)) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            index++;
            while (index < length && isIdentifierPart(expression.charAt(index))) {
                index++;
            }
            String word = expression.substring(start, index);
            Kind keyword = Kind.keyword(word);
            return new Token(keyword == null ? Kind.IDENTIFIER : keyword, word, start);
        }
        return symbol(start, c);
    }

    private Token string(int start) {
        StringBuilder value = new StringBuilder();
        int length = expression.length();
        index = start + 1;
        while (index < length) {
            char c = expression.charAt(index++);
            if (c != '\'') {
                value.append(c);
            } else if (index < length && expression.charAt(index) == '\'') {
                value.append('\'');
                index++;
            } else {
                return new Token(Kind.STRING, value.toString(), start);
            }
        }
        throw new SqlFilterException(expression, start, "unterminated string literal (a quote inside a string is written '')");
    }

    private Token number(int start) {
        int length = expression.length();
        index = skipDigits(start);
        boolean decimal = false;
        if (index < length && expression.charAt(index) == '.') {
            decimal = true;
            index = skipDigits(index + 1);
        }
        if (index < length && (expression.charAt(index) == 'e' || expression.charAt(index) == 'E')) {
            decimal = true;
            index++;
            if (index < length && (expression.charAt(index) == '+' || expression.charAt(index) == '-')) {
                index++;
            }
            int exponentStart = index;
            index = skipDigits(index);
            if (index == exponentStart) {
                throw malformedNumber(start);
            }
        }
        if (index < length && isIdentifierPart(expression.charAt(index))) {
            throw malformedNumber(start);
        }
        return new Token(decimal ? Kind.DECIMAL : Kind.INTEGER, expression.substring(start, index), start);
    }

    private SqlFilterException malformedNumber(int start) {
        int end = index;
        while (end < expression.length() && isIdentifierPart(expression.charAt(end))) {
            end++;
        }
        return new SqlFilterException(expression, start, "malformed number '" + expression.substring(start, end)
                + "' (property names cannot start with a digit)");
    }

    private Token symbol(int start, char c) {
        char following = start + 1 < expression.length() ? expression.charAt(start + 1) : '\0';
        Kind kind;
        int width = 1;
        switch (c) {
            case '(' -> kind = Kind.LEFT_PAREN;
            case ')' -> kind = Kind.RIGHT_PAREN;
            case ',' -> kind = Kind.COMMA;
            case '+' -> kind = Kind.PLUS;
            case '-' -> kind = Kind.MINUS;
            case '=' -> {
                if (following == '=') {
                    throw new SqlFilterException(expression, start, "unknown operator '=='; equality is written '='");
                }
                kind = Kind.EQUAL;
            }
            case '!' -> {
                if (following == '=') {
                    throw new SqlFilterException(expression, start, "unknown operator '!='; inequality is written '<>'");
                }
                throw new SqlFilterException(expression, start, "unknown operator '!'; negation is written NOT");
            }
            case '<' -> {
                if (following == '=') {
                    kind = Kind.LESS_OR_EQUAL;
                    width = 2;
                } else if (following == '>') {
                    kind = Kind.NOT_EQUAL;
                    width = 2;
                } else {
                    kind = Kind.LESS;
                }
            }
            case '>' -> {
                if (following == '=') {
                    kind = Kind.GREATER_OR_EQUAL;
                    width = 2;
                } else {
                    kind = Kind.GREATER;
                }
            }
            case '"' -> throw new SqlFilterException(expression, start,
                    "unexpected character '\"'; strings are written in single quotes");
            default -> throw new SqlFilterException(expression, start,
                    "unexpected character '" + Character.toString(expression.codePointAt(start)) + "'");
        }
        index = start + width;
        return new Token(kind, expression.substring(start, index), start);
    }

    private int skipDigits(int from) {
        int at = from;
        while (at < expression.length() && isDigit(expression.charAt(at))) {
            at++;
        }
        return at;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
