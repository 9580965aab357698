package io.tandem.server.filter;

import org.junit.jupiter.api.Test;

import static io.tandem.server.filter.MessageProperties.matches;
import static org.assertj.core.api.Assertions.assertThat;

class SqlFilterPredicateTest {

    @Test
    void shouldIncludeBothBoundsInBetween() {
        assertThat(matches("a BETWEEN 1 AND 3", "a", "1")).isTrue();
        assertThat(matches("a BETWEEN 1 AND 3", "a", "2.5")).isTrue();
        assertThat(matches("a BETWEEN 1 AND 3", "a", "3")).isTrue();
        assertThat(matches("a BETWEEN 1 AND 3", "a", "0")).isFalse();
        assertThat(matches("a BETWEEN 1 AND 3", "a", "4")).isFalse();
    }

    @Test
    void shouldMatchNothingWhenBetweenBoundsAreReversed() {
        assertThat(matches("a BETWEEN 3 AND 1", "a", "2")).isFalse();
    }

    @Test
    void shouldMatchNotBetweenOutsideTheBoundsOnly() {
        assertThat(matches("a NOT BETWEEN 1 AND 3", "a", "0")).isTrue();
        assertThat(matches("a NOT BETWEEN 1 AND 3", "a", "4")).isTrue();
        assertThat(matches("a NOT BETWEEN 1 AND 3", "a", "2")).isFalse();
    }

    @Test
    void shouldBindTheAndOfBetweenBeforeALogicalAnd() {
        assertThat(matches("a BETWEEN 1 AND 3 AND b = 'x'", "a", "2", "b", "x")).isTrue();
        assertThat(matches("a BETWEEN 1 AND 3 AND b = 'x'", "a", "2", "b", "y")).isFalse();
    }

    @Test
    void shouldAcceptPropertiesAsBetweenBounds() {
        assertThat(matches("a BETWEEN low AND high", "a", "5", "low", "1", "high", "10")).isTrue();
        assertThat(matches("a BETWEEN low AND high", "a", "50", "low", "1", "high", "10")).isFalse();
    }

    @Test
    void shouldMatchInAgainstAnyListedStringExactly() {
        assertThat(matches("TAGS IN ('a', 'b', 'c')", "TAGS", "b")).isTrue();
        assertThat(matches("TAGS IN ('a')", "TAGS", "a")).isTrue();
        assertThat(matches("TAGS IN ('a', 'b', 'c')", "TAGS", "d")).isFalse();
        assertThat(matches("TAGS IN ('a', 'b')", "TAGS", "A")).isFalse();
    }

    @Test
    void shouldTolerateDuplicateValuesInAnInList() {
        assertThat(matches("TAGS IN ('a', 'a')", "TAGS", "a")).isTrue();
    }

    @Test
    void shouldMatchNotInOnStringsOutsideTheListOnly() {
        assertThat(matches("TAGS NOT IN ('a', 'b')", "TAGS", "c")).isTrue();
        assertThat(matches("TAGS NOT IN ('a', 'b')", "TAGS", "a")).isFalse();
    }

    @Test
    void shouldMatchIsNullOnAnAbsentPropertyOnly() {
        assertThat(matches("a IS NULL")).isTrue();
        assertThat(matches("a IS NULL", "a", "")).isFalse();
        assertThat(matches("a IS NULL", "a", "1")).isFalse();
    }

    @Test
    void shouldTreatAPropertyMappedToNullAsAbsent() {
        assertThat(matches("a IS NULL", "a", null)).isTrue();
        assertThat(matches("a = 'x'", "a", null)).isFalse();
    }

    @Test
    void shouldMatchIsNotNullOnAnyPresentPropertyEvenAnEmptyOne() {
        assertThat(matches("a IS NOT NULL", "a", "")).isTrue();
        assertThat(matches("a IS NOT NULL", "b", "1")).isFalse();
    }

    @Test
    void shouldMatchStartsWithOnACaseSensitivePrefix() {
        assertThat(matches("orderId STARTSWITH 'EU-'", "orderId", "EU-42")).isTrue();
        assertThat(matches("orderId STARTSWITH 'EU-'", "orderId", "US-42")).isFalse();
        assertThat(matches("orderId STARTSWITH 'EU-'", "orderId", "eu-42")).isFalse();
    }

    @Test
    void shouldMatchEndsWithOnASuffix() {
        assertThat(matches("file ENDSWITH '.csv'", "file", "report.csv")).isTrue();
        assertThat(matches("file ENDSWITH '.csv'", "file", "report.csv.gz")).isFalse();
    }

    @Test
    void shouldMatchContainsOnASubstring() {
        assertThat(matches("title CONTAINS 'urgent'", "title", "very urgent order")).isTrue();
        assertThat(matches("title CONTAINS 'urgent'", "title", "routine order")).isFalse();
    }

    @Test
    void shouldMatchTheComplementWithNegatedStringMatchers() {
        assertThat(matches("orderId NOT STARTSWITH 'EU-'", "orderId", "US-42")).isTrue();
        assertThat(matches("orderId NOT STARTSWITH 'EU-'", "orderId", "EU-42")).isFalse();
        assertThat(matches("file NOT ENDSWITH '.csv'", "file", "a.txt")).isTrue();
        assertThat(matches("file NOT ENDSWITH '.csv'", "file", "a.csv")).isFalse();
        assertThat(matches("title NOT CONTAINS 'urgent'", "title", "routine")).isTrue();
        assertThat(matches("title NOT CONTAINS 'urgent'", "title", "urgent")).isFalse();
    }

    @Test
    void shouldTreatTheStringMatcherArgumentLiterallyNotAsAPattern() {
        assertThat(matches("a CONTAINS '%'", "a", "100%")).isTrue();
        assertThat(matches("a CONTAINS '.*'", "a", "abc")).isFalse();
    }
}
