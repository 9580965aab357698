package io.tandem.server.filter;

import org.junit.jupiter.api.Test;

import static io.tandem.server.filter.MessageProperties.matches;
import static org.assertj.core.api.Assertions.assertThat;

class SqlFilterComparisonTest {

    @Test
    void shouldMatchEqualsOnTheSameStringOnly() {
        assertThat(matches("region = 'eu'", "region", "eu")).isTrue();
        assertThat(matches("region = 'eu'", "region", "us")).isFalse();
        assertThat(matches("region = 'eu'", "region", "EU")).isFalse();
    }

    @Test
    void shouldMatchNotEqualsOnADifferentStringOnly() {
        assertThat(matches("region <> 'eu'", "region", "us")).isTrue();
        assertThat(matches("region <> 'eu'", "region", "eu")).isFalse();
    }

    @Test
    void shouldCompareEqualsWithANumberNumericallyNotAsText() {
        assertThat(matches("a = 5", "a", "5")).isTrue();
        assertThat(matches("a = 5", "a", "5.0")).isTrue();
        assertThat(matches("a = 5", "a", "+05")).isTrue();
        assertThat(matches("a = 5", "a", "6")).isFalse();
        assertThat(matches("a = 5.5", "a", "5.5")).isTrue();
        assertThat(matches("a = 5.5", "a", "5")).isFalse();
    }

    @Test
    void shouldCompareEqualsWithAStringAsTextEvenWhenItLooksLikeANumber() {
        assertThat(matches("a = '5'", "a", "5")).isTrue();
        assertThat(matches("a = '5'", "a", "5.0")).isFalse();
    }

    @Test
    void shouldCompareNotEqualsWithANumberNumerically() {
        assertThat(matches("a <> 5", "a", "6")).isTrue();
        assertThat(matches("a <> 5", "a", "5.0")).isFalse();
    }

    @Test
    void shouldTreatLessThanAsStrict() {
        assertThat(matches("a < 10", "a", "9")).isTrue();
        assertThat(matches("a < 10", "a", "10")).isFalse();
        assertThat(matches("a < 10", "a", "11")).isFalse();
    }

    @Test
    void shouldIncludeTheBoundInLessThanOrEqual() {
        assertThat(matches("a <= 10", "a", "10")).isTrue();
        assertThat(matches("a <= 10", "a", "-3")).isTrue();
        assertThat(matches("a <= 10", "a", "11")).isFalse();
    }

    @Test
    void shouldTreatGreaterThanAsStrict() {
        assertThat(matches("a > 10", "a", "11")).isTrue();
        assertThat(matches("a > 10", "a", "10")).isFalse();
    }

    @Test
    void shouldIncludeTheBoundInGreaterThanOrEqual() {
        assertThat(matches("a >= 10", "a", "10")).isTrue();
        assertThat(matches("a >= 10", "a", "9")).isFalse();
    }

    @Test
    void shouldCompareNumbersByValueNotByText() {
        assertThat(matches("a > 9", "a", "10")).isTrue();
        assertThat(matches("a < 100", "a", "20")).isTrue();
        assertThat(matches("a > 2", "a", "10")).isTrue();
    }

    @Test
    void shouldCompareDecimalsWithIntegersInBothDirections() {
        assertThat(matches("a > 1.5", "a", "2")).isTrue();
        assertThat(matches("a > 1.5", "a", "1")).isFalse();
        assertThat(matches("a < 2", "a", "1.99")).isTrue();
        assertThat(matches("a < 2", "a", "2.01")).isFalse();
        assertThat(matches("a >= 1e3", "a", "1000")).isTrue();
        assertThat(matches("a = 1000", "a", "1E3")).isTrue();
    }

    @Test
    void shouldReadSignedLiteralsAsNumbers() {
        assertThat(matches("a > -5", "a", "-4")).isTrue();
        assertThat(matches("a > -5", "a", "-6")).isFalse();
        assertThat(matches("a = -9223372036854775808", "a", "-9223372036854775808")).isTrue();
        assertThat(matches("a > +5", "a", "6")).isTrue();
    }

    @Test
    void shouldCompareLongsExactlyBeyondDoublePrecision() {
        assertThat(matches("a > 9007199254740992", "a", "9007199254740993")).isTrue();
        assertThat(matches("a = 9223372036854775807", "a", "9223372036854775806")).isFalse();
    }

    @Test
    void shouldCompareIntegerValuesTooLargeForALongAsDecimals() {
        assertThat(matches("a > 9223372036854775807", "a", "99999999999999999999")).isTrue();
        assertThat(matches("a < 0", "a", "-99999999999999999999")).isTrue();
    }

    @Test
    void shouldMirrorTheOperatorWhenTheLiteralIsOnTheLeft() {
        assertThat(matches("10 > a", "a", "9")).isTrue();
        assertThat(matches("10 > a", "a", "10")).isFalse();
        assertThat(matches("10 <= a", "a", "10")).isTrue();
        assertThat(matches("10 <= a", "a", "9")).isFalse();
        assertThat(matches("5 < a", "a", "6")).isTrue();
        assertThat(matches("5 < a", "a", "4")).isFalse();
        assertThat(matches("5 >= a", "a", "5")).isTrue();
        assertThat(matches("5 >= a", "a", "6")).isFalse();
        assertThat(matches("'eu' = region", "region", "eu")).isTrue();
    }

    @Test
    void shouldMatchBooleanLiteralsAgainstTrueAndFalseInAnyCase() {
        assertThat(matches("vip = TRUE", "vip", "true")).isTrue();
        assertThat(matches("vip = TRUE", "vip", "TRUE")).isTrue();
        assertThat(matches("vip = TRUE", "vip", "false")).isFalse();
        assertThat(matches("vip = false", "vip", "False")).isTrue();
        assertThat(matches("vip <> TRUE", "vip", "false")).isTrue();
        assertThat(matches("vip = TRUE", "vip", "yes")).isFalse();
        assertThat(matches("vip <> TRUE", "vip", "yes")).isFalse();
    }

    @Test
    void shouldConsiderTwoPropertiesEqualWhenTheirTextIsEqual() {
        assertThat(matches("a = b", "a", "x", "b", "x")).isTrue();
        assertThat(matches("a = b", "a", "x", "b", "y")).isFalse();
        assertThat(matches("a <> b", "a", "x", "b", "y")).isTrue();
        assertThat(matches("a = b", "a", "x")).isFalse();
    }

    @Test
    void shouldOrderTwoPropertiesAsNumbers() {
        assertThat(matches("a < b", "a", "9", "b", "10")).isTrue();
        assertThat(matches("a < b", "a", "10", "b", "9")).isFalse();
        assertThat(matches("a >= b", "a", "2.5", "b", "2")).isTrue();
        assertThat(matches("a < b", "a", "x", "b", "10")).isFalse();
        assertThat(matches("a < b", "a", "1")).isFalse();
    }

    @Test
    void shouldEvaluateComparisonsBetweenLiterals() {
        assertThat(matches("1 = 1")).isTrue();
        assertThat(matches("1 = 1.0")).isTrue();
        assertThat(matches("1 < 0")).isFalse();
        assertThat(matches("'a' = 'a'")).isTrue();
        assertThat(matches("'a' <> 'a'")).isFalse();
        assertThat(matches("TRUE = FALSE")).isFalse();
    }

    @Test
    void shouldTreatTagsAsAnOrdinaryProperty() {
        assertThat(matches("TAGS = 'TagA'", "TAGS", "TagA")).isTrue();
        assertThat(matches("TAGS IN ('TagA', 'TagB')", "TAGS", "TagB")).isTrue();
        assertThat(matches("TAGS = 'TagA'", "TAGS", "TagC")).isFalse();
    }

    @Test
    void shouldTreatPropertyNamesCaseSensitivelyWithDotsDigitsAndUnderscores() {
        assertThat(matches("order.region_2 = 'eu'", "order.region_2", "eu")).isTrue();
        assertThat(matches("Region = 'eu'", "region", "eu")).isFalse();
        assertThat(matches("_private = 1", "_private", "1")).isTrue();
    }
}
