package io.tandem.server.filter;

/**
 * A number, either integral (a long, compared exactly with other integral numbers) or decimal (a double); mixed
 * pairs compare as doubles. Also reads property text as a number without allocating: {@link #classify} checks the
 * syntax once, after which {@link Long#parseLong} or {@link Double#parseDouble} cannot fail.
 *
 * <p>Property text is a number when it matches {@code [+-]? digits [. digits] [(e|E) [+-]? digits]} with at least one
 * digit before the exponent, and nothing else: no surrounding blanks, no {@code NaN}, {@code Infinity}, hex or type
 * suffixes. Integral text that does not fit a long is read as a decimal.
 */
record Numeral(boolean integral, long longValue, double doubleValue) {

    static final int NOT_A_NUMBER = 0;
    static final int INTEGRAL = 1;
    static final int DECIMAL = 2;

    private static final String MAX_LONG_DIGITS = "9223372036854775807";
    private static final String MIN_LONG_DIGITS = "9223372036854775808";

    static Numeral of(long value) {
        return new Numeral(true, value, value);
    }

    static Numeral of(double value) {
        return new Numeral(false, 0, value);
    }

    /** Compares two numbers, exactly when both are integral. */
    static int compare(Numeral left, Numeral right) {
        if (left.integral && right.integral) {
            return Long.compare(left.longValue, right.longValue);
        }
        return compare(left.doubleValue, right.doubleValue);
    }

    /** Compares property text of the given {@link #classify kind} (not {@link #NOT_A_NUMBER}) with {@code right}. */
    static int compare(String text, int kind, Numeral right) {
        if (kind == INTEGRAL && right.integral) {
            return Long.compare(Long.parseLong(text), right.longValue);
        }
        return compare(toDouble(text, kind), right.doubleValue);
    }

    /** Compares two property texts, both of a numeric {@link #classify kind}. */
    static int compare(String left, int leftKind, String right, int rightKind) {
        if (leftKind == INTEGRAL && rightKind == INTEGRAL) {
            return Long.compare(Long.parseLong(left), Long.parseLong(right));
        }
        return compare(toDouble(left, leftKind), toDouble(right, rightKind));
    }

    /** {@link #INTEGRAL}, {@link #DECIMAL} or {@link #NOT_A_NUMBER}. */
    static int classify(String text) {
        int length = text.length();
        int index = 0;
        boolean negative = false;
        if (index < length && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
            negative = text.charAt(index) == '-';
            index++;
        }
        int integerStart = index;
        index = skipDigits(text, index);
        int integerEnd = index;
        int fractionDigits = 0;
        boolean decimal = false;
        if (index < length && text.charAt(index) == '.') {
            decimal = true;
            int fractionStart = index + 1;
            index = skipDigits(text, fractionStart);
            fractionDigits = index - fractionStart;
        }
        if (integerEnd == integerStart && fractionDigits == 0) {
            return NOT_A_NUMBER;
        }
        if (index < length && (text.charAt(index) == 'e' || text.charAt(index) == 'E')) {
            decimal = true;
            index++;
            if (index < length && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
                index++;
            }
            int exponentStart = index;
            index = skipDigits(text, index);
            if (index == exponentStart) {
                return NOT_A_NUMBER;
            }
        }
        if (index != length) {
            return NOT_A_NUMBER;
        }
        if (decimal) {
            return DECIMAL;
        }
        return fitsInLong(text, integerStart, integerEnd, negative) ? INTEGRAL : DECIMAL;
    }

    private static double toDouble(String text, int kind) {
        return kind == INTEGRAL ? Long.parseLong(text) : Double.parseDouble(text);
    }

    private static int compare(double left, double right) {
        return left < right ? -1 : (left > right ? 1 : 0);
    }

    private static int skipDigits(String text, int index) {
        while (index < text.length() && isDigit(text.charAt(index))) {
            index++;
        }
        return index;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean fitsInLong(String text, int start, int end, boolean negative) {
        while (start < end - 1 && text.charAt(start) == '0') {
            start++;
        }
        int digits = end - start;
        if (digits != MAX_LONG_DIGITS.length()) {
            return digits < MAX_LONG_DIGITS.length();
        }
        String limit = negative ? MIN_LONG_DIGITS : MAX_LONG_DIGITS;
        for (int i = 0; i < digits; i++) {
            char c = text.charAt(start + i);
            if (c != limit.charAt(i)) {
                return c < limit.charAt(i);
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return integral ? Long.toString(longValue) : Double.toString(doubleValue);
    }
}
