package io.tandem.server.filter;

import io.tandem.server.filter.Condition.All;
import io.tandem.server.filter.Condition.Any;
import io.tandem.server.filter.Condition.BooleanEquals;
import io.tandem.server.filter.Condition.Comparison;
import io.tandem.server.filter.Condition.Constant;
import io.tandem.server.filter.Condition.InList;
import io.tandem.server.filter.Condition.IsNull;
import io.tandem.server.filter.Condition.Not;
import io.tandem.server.filter.Condition.NumberComparison;
import io.tandem.server.filter.Condition.PropertiesComparison;
import io.tandem.server.filter.Condition.PropertiesEqual;
import io.tandem.server.filter.Condition.TextEquals;
import io.tandem.server.filter.Condition.TextMatch;
import io.tandem.server.filter.Token.Kind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the grammar documented on {@link SqlFilter}, one method per rule. Operands are
 * type-checked as they are combined, so a compiled {@link Condition} never meets a type error at evaluation time.
 */
final class Parser {

    /** Parentheses and NOTs nested deeper than this are rejected, which bounds the recursion here and in evaluation. */
    static final int MAX_NESTING = 200;

    private static final String OPERATORS = "=, <>, <, <=, >, >=, BETWEEN, IN, IS, STARTSWITH, ENDSWITH or CONTAINS";

    private final String expression;
    private final List<Token> tokens;
    private int next;
    private int nesting;

    private Parser(String expression) {
        this.expression = expression;
        this.tokens = Tokenizer.tokenize(expression);
    }

    static Condition parse(String expression) {
        Parser parser = new Parser(expression);
        if (parser.peek().kind() == Kind.END) {
            throw new SqlFilterException(expression, parser.peek().position(), "the expression is empty");
        }
        Condition condition = parser.or();
        Token trailing = parser.peek();
        if (trailing.kind() != Kind.END) {
            throw parser.unexpected(trailing, "expected AND, OR or the end of the expression");
        }
        return condition;
    }

    private Condition or() {
        Condition first = and();
        if (peek().kind() != Kind.OR) {
            return first;
        }
        List<Condition> operands = new ArrayList<>();
        operands.add(first);
        while (accept(Kind.OR)) {
            operands.add(and());
        }
        return new Any(operands);
    }

    private Condition and() {
        Condition first = not();
        if (peek().kind() != Kind.AND) {
            return first;
        }
        List<Condition> operands = new ArrayList<>();
        operands.add(first);
        while (accept(Kind.AND)) {
            operands.add(not());
        }
        return new All(operands);
    }

    private Condition not() {
        Token token = peek();
        if (token.kind() != Kind.NOT) {
            return primary();
        }
        next++;
        enter(token);
        Condition operand = not();
        nesting--;
        return new Not(operand);
    }

    private Condition primary() {
        Token open = peek();
        if (open.kind() != Kind.LEFT_PAREN) {
            return predicate();
        }
        next++;
        enter(open);
        Condition inner = or();
        nesting--;
        expect(Kind.RIGHT_PAREN, "expected AND, OR or ')' to close the '(' opened at position " + open.position());
        return inner;
    }

    private Condition predicate() {
        Operand left = operand("expected a condition");
        Token operator = take();
        return switch (operator.kind()) {
            case EQUAL -> equality(left, operator, operand("expected a value after '='"));
            case NOT_EQUAL -> new Not(equality(left, operator, operand("expected a value after '<>'")));
            case LESS -> comparison(left, Comparison.LESS, operator);
            case LESS_OR_EQUAL -> comparison(left, Comparison.LESS_OR_EQUAL, operator);
            case GREATER -> comparison(left, Comparison.GREATER, operator);
            case GREATER_OR_EQUAL -> comparison(left, Comparison.GREATER_OR_EQUAL, operator);
            case IS -> isNull(left, operator);
            case NOT -> new Not(negatable(left, take()));
            case BETWEEN, IN, STARTSWITH, ENDSWITH, CONTAINS -> negatable(left, operator);
            case END, AND, OR, RIGHT_PAREN -> throw unexpected(operator, "expected an operator (" + OPERATORS
                    + ") after " + left.describe() + ", which is not a condition on its own,");
            default -> throw unexpected(operator, "unknown operator: expected " + OPERATORS);
        };
    }

    /** The predicates that may follow NOT: {@code a NOT IN (...)} and the like. */
    private Condition negatable(Operand left, Token operator) {
        return switch (operator.kind()) {
            case BETWEEN -> between(left, operator);
            case IN -> in(left, operator);
            case STARTSWITH -> textMatch(left, operator, TextMatch.Kind.STARTS_WITH);
            case ENDSWITH -> textMatch(left, operator, TextMatch.Kind.ENDS_WITH);
            case CONTAINS -> textMatch(left, operator, TextMatch.Kind.CONTAINS);
            default -> throw unexpected(operator, "expected BETWEEN, IN, STARTSWITH, ENDSWITH or CONTAINS after NOT");
        };
    }

    private Condition comparison(Operand left, Comparison comparison, Token operator) {
        Operand right = operand("expected a value after '" + operator.text() + "'");
        return ordering(left, comparison, right, "'" + operator.text() + "'");
    }

    private Condition between(Operand value, Token operator) {
        Operand low = operand("expected a lower bound after BETWEEN");
        expect(Kind.AND, "expected AND between the bounds of BETWEEN");
        Operand high = operand("expected an upper bound after BETWEEN ... AND");
        return new All(List.of(
                ordering(value, Comparison.GREATER_OR_EQUAL, low, operator.describe()),
                ordering(value, Comparison.LESS_OR_EQUAL, high, operator.describe())));
    }

    private Condition in(Operand left, Token operator) {
        String property = property(left, operator);
        expect(Kind.LEFT_PAREN, "expected '(' after IN");
        Set<String> values = new HashSet<>();
        do {
            Token value = take();
            if (value.kind() != Kind.STRING) {
                throw unexpected(value, "expected a string in the IN list");
            }
            values.add(value.text());
        } while (accept(Kind.COMMA));
        expect(Kind.RIGHT_PAREN, "expected ',' or ')' in the IN list");
        return new InList(property, values);
    }

    private Condition textMatch(Operand left, Token operator, TextMatch.Kind kind) {
        String property = property(left, operator);
        Token value = take();
        if (value.kind() != Kind.STRING) {
            throw unexpected(value, "expected a string after " + operator.describe());
        }
        return new TextMatch(property, kind, value.text());
    }

    private Condition isNull(Operand left, Token operator) {
        String property = property(left, operator);
        boolean negated = accept(Kind.NOT);
        expect(Kind.NULL, negated ? "expected NULL after IS NOT" : "expected NULL or NOT NULL after IS");
        Condition isNull = new IsNull(property);
        return negated ? new Not(isNull) : isNull;
    }

    private Condition equality(Operand left, Token operator, Operand right) {
        if (right instanceof Property && !(left instanceof Property)) {
            return equality(right, operator, left);
        }
        if (left instanceof Property property) {
            return switch (right) {
                case Property other -> new PropertiesEqual(property.name(), other.name());
                case TextLiteral text -> new TextEquals(property.name(), text.value());
                case NumberLiteral number -> new NumberComparison(property.name(), Comparison.EQUAL, number.value());
                case BooleanLiteral bool -> new BooleanEquals(property.name(), bool.value());
                case NullLiteral ignored -> Constant.UNKNOWN;
            };
        }
        if (left instanceof NullLiteral || right instanceof NullLiteral) {
            return Constant.UNKNOWN;
        }
        if (left instanceof TextLiteral l && right instanceof TextLiteral r) {
            return Constant.of(l.value().equals(r.value()));
        }
        if (left instanceof NumberLiteral l && right instanceof NumberLiteral r) {
            return Constant.of(Numeral.compare(l.value(), r.value()) == 0);
        }
        if (left instanceof BooleanLiteral l && right instanceof BooleanLiteral r) {
            return Constant.of(l.value() == r.value());
        }
        throw new SqlFilterException(expression, operator.position(),
                "cannot compare " + left.describe() + " with " + right.describe());
    }

    /** {@code left comparison right} where both sides must be numbers or properties; {@code what} names the operator. */
    private Condition ordering(Operand left, Comparison comparison, Operand right, String what) {
        requireNumeric(left, what);
        requireNumeric(right, what);
        if (left instanceof NullLiteral || right instanceof NullLiteral) {
            return Constant.UNKNOWN;
        }
        if (left instanceof Property l && right instanceof Property r) {
            return new PropertiesComparison(l.name(), comparison, r.name());
        }
        if (left instanceof Property l && right instanceof NumberLiteral r) {
            return new NumberComparison(l.name(), comparison, r.value());
        }
        if (left instanceof NumberLiteral l && right instanceof Property r) {
            return new NumberComparison(r.name(), comparison.mirrored(), l.value());
        }
        NumberLiteral l = (NumberLiteral) left;
        NumberLiteral r = (NumberLiteral) right;
        return Constant.of(comparison.holds(Numeral.compare(l.value(), r.value())));
    }

    private void requireNumeric(Operand operand, String what) {
        if (operand instanceof TextLiteral || operand instanceof BooleanLiteral) {
            throw new SqlFilterException(expression, operand.position(), what
                    + " compares numbers, so its operands must be numbers or properties, but found " + operand.describe());
        }
    }

    private String property(Operand operand, Token operator) {
        if (operand instanceof Property property) {
            return property.name();
        }
        throw new SqlFilterException(expression, operand.position(),
                operator.describe() + " needs a property name on its left but found " + operand.describe());
    }

    private Operand operand(String expected) {
        Token token = take();
        return switch (token.kind()) {
            case IDENTIFIER -> new Property(token.text(), token.position());
            case STRING -> new TextLiteral(token.text(), token.position());
            case INTEGER, DECIMAL -> new NumberLiteral(number(token, false), token.position());
            case PLUS, MINUS -> {
                Token digits = take();
                if (digits.kind() != Kind.INTEGER && digits.kind() != Kind.DECIMAL) {
                    throw unexpected(digits, "expected a number after '" + token.text() + "'");
                }
                yield new NumberLiteral(number(digits, token.kind() == Kind.MINUS), token.position());
            }
            case TRUE -> new BooleanLiteral(true, token.position());
            case FALSE -> new BooleanLiteral(false, token.position());
            case NULL -> new NullLiteral(token.position());
            default -> throw unexpected(token, expected);
        };
    }

    private Numeral number(Token token, boolean negative) {
        String text = negative ? "-" + token.text() : token.text();
        if (token.kind() == Kind.INTEGER) {
            try {
                return Numeral.of(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new SqlFilterException(expression, token.position(), "integer " + text
                        + " does not fit in a 64-bit long; write it with a decimal point to compare as a double");
            }
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new SqlFilterException(expression, token.position(), "number " + text + " is out of range of a double");
        }
        return Numeral.of(value);
    }

    private void enter(Token token) {
        if (++nesting > MAX_NESTING) {
            throw new SqlFilterException(expression, token.position(),
                    "parentheses and NOTs are nested deeper than " + MAX_NESTING + " levels");
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    /** The next token, consumed; END is never consumed, so reading past it keeps returning it. */
    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String expected) {
        Token token = take();
        if (token.kind() != kind) {
            throw unexpected(token, expected);
        }
    }

    private SqlFilterException unexpected(Token token, String expected) {
        return new SqlFilterException(expression, token.position(), expected + " but found " + token.describe());
    }

    /** One side of a comparison as written, before it is folded into a {@link Condition}. */
    private sealed interface Operand {

        int position();

        String describe();
    }

    private record Property(String name, int position) implements Operand {

        @Override
        public String describe() {
            return "property '" + name + "'";
        }
    }

    private record TextLiteral(String value, int position) implements Operand {

        @Override
        public String describe() {
            return "string '" + value.replace("'", "''") + "'";
        }
    }

    private record NumberLiteral(Numeral value, int position) implements Operand {

        @Override
        public String describe() {
            return "number " + value;
        }
    }

    private record BooleanLiteral(boolean value, int position) implements Operand {

        @Override
        public String describe() {
            return value ? "TRUE" : "FALSE";
        }
    }

    private record NullLiteral(int position) implements Operand {

        @Override
        public String describe() {
            return "NULL";
        }
    }
}
