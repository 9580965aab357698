package io.tandem.server.filter;

import java.util.Map;
import java.util.Objects;

/**
 * A compiled SQL92 message filter, the language of RocketMQ's {@code MessageSelector.bySql(...)}: a boolean
 * expression over a message's user properties (and {@code TAGS}, which is just another property here).
 *
 * <pre>
 * expression := or
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | '(' or ')' | predicate
 * predicate  := operand ( ('=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand
 *                       | [NOT] BETWEEN operand AND operand
 *                       | [NOT] IN '(' string (',' string)* ')'
 *                       | [NOT] (STARTSWITH | ENDSWITH | CONTAINS) string
 *                       | IS [NOT] NULL )
 * operand    := property | string | ['+' | '-'] number | TRUE | FALSE | NULL
 * </pre>
 *
 * Keywords are case-insensitive and reserved; property names are case-sensitive, start with a letter or {@code _}
 * and continue with letters, digits, {@code _} and {@code .}. Strings are in single quotes, {@code ''} standing for
 * one quote. A number without a point or exponent is a long, else a double. Inequality is {@code <>} only
 * ({@code !=} and {@code ==} are rejected with a hint). A bare property or literal is not a condition, so {@code a}
 * and {@code TRUE} alone do not compile. {@code IN}, {@code IS NULL} and the string matchers need a property on their
 * left and string literals on their right; {@code <}, {@code <=}, {@code >}, {@code >=} and {@code BETWEEN} take
 * numbers and properties only; {@code =} and {@code <>} compare a property with anything, and literals only with
 * literals of their own type.
 *
 * <p>Semantics: property values are strings. Against a number a property is read as one (a long, else a double;
 * decimal syntax only, no blanks); against {@code TRUE}/{@code FALSE} it must read {@code true} or {@code false} in
 * any case; against a string it is compared exactly, case-sensitively; two properties are compared as text by
 * {@code =} and {@code <>} and as numbers by the others. Logic is SQL's three-valued logic: a comparison involving
 * an absent property, a value that does not read as the required type, or the {@code NULL} literal is unknown,
 * {@code NOT} of unknown is unknown, and a message matches only when the whole expression is true. So
 * {@code a <> 'x'} and {@code a NOT IN ('x')} do not match a message without {@code a}; {@code a IS NULL} does.
 *
 * <p>Instances are immutable and safe to share between threads. {@link #compile} throws {@link SqlFilterException}
 * (an {@link IllegalArgumentException}) naming the position and what was expected; parentheses and NOTs nested
 * deeper than 200 levels are rejected. {@link #matches} never throws for any property values; it allocates nothing
 * beyond what {@link Double#parseDouble} needs for property values with a decimal point or exponent.
 */
public final class SqlFilter {

    private final String expression;
    private final Condition condition;

    private SqlFilter(String expression, Condition condition) {
        this.expression = expression;
        this.condition = condition;
    }

    /** Parses {@code expression} once; throws {@link SqlFilterException} when it is not a valid filter. */
    public static SqlFilter compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        return new SqlFilter(expression, Parser.parse(expression));
    }

    /** Whether the expression is true for a message with these properties; a {@code null} value counts as absent. */
    public boolean matches(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        return condition.evaluate(properties) == Truth.TRUE;
    }

    /** The text this filter was compiled from. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return "SqlFilter[" + expression + "]";
    }
}
