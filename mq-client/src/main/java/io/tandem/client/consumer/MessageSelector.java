package io.tandem.client.consumer;

import java.util.Objects;

/**
 * Which messages of a topic a consumer receives: by tag ({@link #byTag}) or by a SQL92 expression over the message's
 * properties ({@link #bySql92}), as RocketMQ's {@code MessageSelector}. Tag selectors are applied by the broker (by tag
 * hash) and again by the client (by exact tag); SQL92 selectors only by the broker, which must have its property
 * filter enabled. Immutable.
 *
 * @param type       how {@code expression} is read
 * @param expression {@code "*"} or tags separated by {@code ||} for {@link Type#TAG}; a boolean SQL92 expression such
 *                   as {@code "amount > 100 AND region = 'eu'"} for {@link Type#SQL92}
 */
public record MessageSelector(Type type, String expression) {

    /** How a selector's expression is read. */
    public enum Type {
        /** {@code "*"} or tags separated by {@code ||}. */
        TAG,
        /** A SQL92 expression over message properties (user properties and system ones such as {@code TAGS}). */
        SQL92
    }

    /** Every message of the topic. */
    public static final MessageSelector ALL = new MessageSelector(Type.TAG, "*");

    /** @throws IllegalArgumentException if the expression is blank for a SQL92 selector */
    public MessageSelector {
        Objects.requireNonNull(type, "type");
        if (type == Type.TAG) {
            expression = expression == null || expression.isBlank() ? "*" : expression.strip();
        } else if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("a SQL92 selector needs an expression");
        }
    }

    /** Messages with one of the tags separated by {@code ||}; {@code "*"} or null for every message. */
    public static MessageSelector byTag(String expression) {
        return new MessageSelector(Type.TAG, expression);
    }

    /** Messages whose properties satisfy the SQL92 expression. */
    public static MessageSelector bySql92(String expression) {
        return new MessageSelector(Type.SQL92, expression);
    }

    @Override
    public String toString() {
        return type + " " + expression;
    }
}
