package io.tandem.server.filter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled boolean expression: an immutable tree that evaluates to a {@link Truth} against a message's properties.
 * A property mapped to {@code null} counts as absent. Evaluation allocates nothing, except inside
 * {@link Double#parseDouble} when a property value with a decimal point or exponent is compared with a number.
 *
 * <p>Design note: the parser normalises every comparison so that a property is on the left and any literal is
 * already converted, so each node only looks up its property and compares; {@code <>}, {@code NOT IN} and the other
 * negated forms are {@link Not} over the positive node, which is exact in three-valued logic.
 */
sealed interface Condition {

    Truth evaluate(Map<String, String> properties);

    /** A result known at compile time, such as {@code 1 < 2} or any comparison with the NULL literal. */
    record Constant(Truth value) implements Condition {

        static final Constant UNKNOWN = new Constant(Truth.UNKNOWN);

        static Constant of(boolean value) {
            return new Constant(Truth.of(value));
        }

        @Override
        public Truth evaluate(Map<String, String> properties) {
            return value;
        }
    }

    /** AND over two or more operands: false if any is false, else unknown if any is unknown. */
    record All(List<Condition> operands) implements Condition {

        public All {
            operands = List.copyOf(operands);
        }

        @Override
        public Truth evaluate(Map<String, String> properties) {
            Truth result = Truth.TRUE;
            for (int i = 0; i < operands.size(); i++) {
                Truth truth = operands.get(i).evaluate(properties);
                if (truth == Truth.FALSE) {
                    return Truth.FALSE;
                }
                if (truth == Truth.UNKNOWN) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }
    }

    /** OR over two or more operands: true if any is true, else unknown if any is unknown. */
    record Any(List<Condition> operands) implements Condition {

        public Any {
            operands = List.copyOf(operands);
        }

        @Override
        public Truth evaluate(Map<String, String> properties) {
            Truth result = Truth.FALSE;
            for (int i = 0; i < operands.size(); i++) {
                Truth truth = operands.get(i).evaluate(properties);
                if (truth == Truth.TRUE) {
                    return Truth.TRUE;
                }
                if (truth == Truth.UNKNOWN) {
                    result = Truth.UNKNOWN;
                }
            }
            return result;
        }
    }

    record Not(Condition operand) implements Condition {

        @Override
        public Truth evaluate(Map<String, String> properties) {
            return operand.evaluate(properties).negate();
        }
    }

    /** {@code property IS NULL}: never unknown. */
    record IsNull(String property) implements Condition {

        @Override
        public Truth evaluate(Map<String, String> properties) {
            return Truth.of(properties.get(property) == null);
        }
    }

    /** {@code property = 'text'}, case-sensitive. */
    record TextEquals(String property, String value) implements Condition {

        @Override
        public Truth evaluate(Map<String, String> properties) {
            String text = properties.get(property);
            return text == null ? Truth.UNKNOWN : Truth.of(text.equals(value));
        }
    }

    /** {@code left = right} for two properties: their texts are equal. */
    record PropertiesEqual(String left, String right) implements Condition {

        @Override
        public Truth evaluate(Map<String, String> properties) {
            String leftText = properties.get(left);
            String rightText = properties.get(right);
            if (leftText == null || rightText == null) {
                return Truth.UNKNOWN;
            }
            return Truth.of(leftText.equals(rightText));
        }
    }

    /** {@code property = TRUE} or {@code = FALSE}: the text must be {@code true} or {@code false}, in any case. */
    record BooleanEquals(String property, boolean value) implements Condition {

        @Override
        public Truth evaluate(Map<String, String> properties) {
            String text = properties.get(property);
            if (text == null) {
                return Truth.UNKNOWN;
            }
            if (text.equalsIgnoreCase("true")) {
                return Truth.of(value);
            }
            if (text.equalsIgnoreCase("false")) {
                return Truth.of(!value);
            }
            return Truth.UNKNOWN;
        }
    }

    /** {@code property op number}: the property's text is read as a number; text that is not one is unknown. */
    record NumberComparison(String property, Comparison comparison, Numeral value) implements Condition {

        @Override
        public Truth evaluate(Map<String, String> properties) {
            String text = properties.get(property);
            if (text == null) {
                return Truth.UNKNOWN;
            }
            int kind = Numeral.classify(text);
            if (kind == Numeral.NOT_A_NUMBER) {
                return Truth.UNKNOWN;
            }
            return Truth.of(comparison.holds(Numeral.compare(text, kind, value)));
        }
    }

    /** {@code left op right} for two properties, both read as numbers. */
    record PropertiesComparison(String left, Comparison comparison, String right) implements Condition {

        @Override
        public Truth evaluate(Map<String, String> properties) {
            String leftText = properties.get(left);
            String rightText = properties.get(right);
            if (leftText == null || rightText == null) {
                return Truth.UNKNOWN;
            }
            int leftKind = Numeral.classify(leftText);
            int rightKind = Numeral.classify(rightText);
            if (leftKind == Numeral.NOT_A_NUMBER || rightKind == Numeral.NOT_A_NUMBER) {
                return Truth.UNKNOWN;
            }
            return Truth.of(comparison.holds(Numeral.compare(leftText, leftKind, rightText, rightKind)));
        }
    }

    /** {@code property IN ('a', 'b')}. */
    record InList(String property, Set<String> values) implements Condition {

        public InList {
            values = Set.copyOf(values);
        }

        @Override
        public Truth evaluate(Map<String, String> properties) {
            String text = properties.get(property);
            return text == null ? Truth.UNKNOWN : Truth.of(values.contains(text));
        }
    }

    /** {@code property STARTSWITH 'x'}, {@code ENDSWITH} or {@code CONTAINS}, case-sensitive. */
    record TextMatch(String property, Kind kind, String value) implements Condition {

        enum Kind { STARTS_WITH, ENDS_WITH, CONTAINS }

        @Override
        public Truth evaluate(Map<String, String> properties) {
            String text = properties.get(property);
            if (text == null) {
                return Truth.UNKNOWN;
            }
            return Truth.of(switch (kind) {
                case STARTS_WITH -> text.startsWith(value);
                case ENDS_WITH -> text.endsWith(value);
                case CONTAINS -> text.contains(value);
            });
        }
    }

    /** How a comparison result (negative, zero, positive) answers a numeric operator. */
    enum Comparison {
        EQUAL,
        LESS,
        LESS_OR_EQUAL,
        GREATER,
        GREATER_OR_EQUAL;

        boolean holds(int comparison) {
            return switch (this) {
                case EQUAL -> comparison == 0;
                case LESS -> comparison < 0;
                case LESS_OR_EQUAL -> comparison <= 0;
                case GREATER -> comparison > 0;
                case GREATER_OR_EQUAL -> comparison >= 0;
            };
        }

        /** The operator with its operands swapped: {@code 5 < a} is {@code a > 5}. */
        Comparison mirrored() {
            return switch (this) {
                case EQUAL -> EQUAL;
                case LESS -> GREATER;
                case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
                case GREATER -> LESS;
                case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
            };
        }
    }
}
