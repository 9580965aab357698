package io.tandem.server.filter;

/**
 * A filter expression that {@link SqlFilter#compile} rejected. The message names the expression, the zero-based
 * {@link #position() position} of the offending character (the expression's length when the text ended too early)
 * and what was expected there, so it can be sent back to the subscribing client as is.
 */
public final class SqlFilterException extends IllegalArgumentException {

    private final String expression;
    private final int position;
    private final String reason;

    SqlFilterException(String expression, int position, String reason) {
        super("Invalid SQL filter \"" + expression + "\": " + reason + " at position " + position);
        this.expression = expression;
        this.position = position;
        this.reason = reason;
    }

    /** The rejected text. */
    public String expression() {
        return expression;
    }

    /** Zero-based index into {@link #expression()} where the problem was found. */
    public int position() {
        return position;
    }

    /** What was wrong, without the expression and position. */
    public String reason() {
        return reason;
    }
}
