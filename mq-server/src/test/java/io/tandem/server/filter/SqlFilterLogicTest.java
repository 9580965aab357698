package io.tandem.server.filter;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.tandem.server.filter.MessageProperties.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class SqlFilterLogicTest {

    @Test
    void shouldMatchAndOnlyWhenBothSidesAreTrue() {
        String expression = "a = 1 AND b = 2";
        assertThat(matches(expression, "a", "1", "b", "2")).isTrue();
        assertThat(matches(expression, "a", "1", "b", "3")).isFalse();
        assertThat(matches(expression, "a", "0", "b", "2")).isFalse();
    }

    @Test
    void shouldMatchOrWhenEitherSideIsTrue() {
        String expression = "a = 1 OR b = 2";
        assertThat(matches(expression, "a", "1", "b", "0")).isTrue();
        assertThat(matches(expression, "a", "0", "b", "2")).isTrue();
        assertThat(matches(expression, "a", "0", "b", "0")).isFalse();
    }

    @Test
    void shouldInvertAKnownResultWithNot() {
        assertThat(matches("NOT a = 1", "a", "2")).isTrue();
        assertThat(matches("NOT a = 1", "a", "1")).isFalse();
        assertThat(matches("NOT NOT a = 1", "a", "1")).isTrue();
    }

    @Test
    void shouldBindAndTighterThanOr() {
        String expression = "a = 1 OR b = 1 AND c = 1";
        assertThat(matches(expression, "a", "1", "b", "0", "c", "0")).isTrue();
        assertThat(matches(expression, "a", "0", "b", "1", "c", "0")).isFalse();
        assertThat(matches("(a = 1 OR b = 1) AND c = 1", "a", "1", "b", "0", "c", "0")).isFalse();
    }

    @Test
    void shouldBindNotTighterThanAnd() {
        String expression = "NOT a = 1 AND b = 1";
        assertThat(matches(expression, "a", "1", "b", "0")).isFalse();
        assertThat(matches(expression, "a", "0", "b", "1")).isTrue();
        assertThat(matches("NOT (a = 1 AND b = 1)", "a", "1", "b", "0")).isTrue();
    }

    @Test
    void shouldBindNotTighterThanOr() {
        assertThat(matches("NOT a = 1 OR b = 1", "a", "1", "b", "1")).isTrue();
        assertThat(matches("NOT (a = 1 OR b = 1)", "a", "1", "b", "1")).isFalse();
    }

    @Test
    void shouldNotMatchAComparisonWithAnAbsentProperty() {
        assertThat(matches("a = 'x'")).isFalse();
        assertThat(matches("a <> 'x'")).isFalse();
        assertThat(matches("a > 1")).isFalse();
        assertThat(matches("a <= 1")).isFalse();
        assertThat(matches("a BETWEEN 1 AND 2")).isFalse();
        assertThat(matches("a IN ('x')")).isFalse();
        assertThat(matches("a STARTSWITH 'x'")).isFalse();
    }

    @Test
    void shouldNotMatchANegatedComparisonWithAnAbsentPropertyEither() {
        assertThat(matches("NOT a = 'x'")).isFalse();
        assertThat(matches("NOT a > 1")).isFalse();
        assertThat(matches("a NOT BETWEEN 1 AND 2")).isFalse();
        assertThat(matches("a NOT IN ('x')")).isFalse();
        assertThat(matches("a NOT STARTSWITH 'x'")).isFalse();
        assertThat(matches("a NOT ENDSWITH 'x'")).isFalse();
        assertThat(matches("a NOT CONTAINS 'x'")).isFalse();
    }

    @Test
    void shouldTreatAValueThatIsNotANumberAsUnknownInANumericComparison() {
        for (String value : List.of("abc", "", " 5", "5 ", "0x10", "NaN", "Infinity", "1_000", "5d", "1e", "-", ".")) {
            assertThat(matches("a > 1", "a", value)).as("a > 1 with a = '%s'", value).isFalse();
            assertThat(matches("a <= 1", "a", value)).as("a <= 1 with a = '%s'", value).isFalse();
            assertThat(matches("NOT a > 1", "a", value)).as("NOT a > 1 with a = '%s'", value).isFalse();
            assertThat(matches("a <> 1", "a", value)).as("a <> 1 with a = '%s'", value).isFalse();
        }
    }

    @Test
    void shouldReadDecimalSyntaxWithoutLeadingOrTrailingDigitsAsANumber() {
        assertThat(matches("a = 0.5", "a", ".5")).isTrue();
        assertThat(matches("a = 5", "a", "5.")).isTrue();
        assertThat(matches("a = 500", "a", "5e+2")).isTrue();
    }

    @Test
    void shouldLetTrueOrUnknownBeTrue() {
        assertThat(matches("a = 1 OR b = 1", "b", "1")).isTrue();
    }

    @Test
    void shouldLetFalseOrUnknownBeUnknownSoNegatingItStillDoesNotMatch() {
        assertThat(matches("a = 1 OR b = 1", "b", "0")).isFalse();
        assertThat(matches("NOT (a = 1 OR b = 1)", "b", "0")).isFalse();
        assertThat(matches("NOT (a = 1 OR b = 1)", "a", "0", "b", "0")).isTrue();
    }

    @Test
    void shouldLetFalseAndUnknownBeFalseSoNegatingItMatches() {
        assertThat(matches("a = 1 AND b = 1", "b", "0")).isFalse();
        assertThat(matches("NOT (a = 1 AND b = 1)", "b", "0")).isTrue();
    }

    @Test
    void shouldLetTrueAndUnknownBeUnknownSoNegatingItStillDoesNotMatch() {
        assertThat(matches("NOT (a = 1 AND b = 1)", "b", "1")).isFalse();
    }

    @Test
    void shouldTreatAComparisonWithTheNullLiteralAsUnknown() {
        assertThat(matches("a = NULL", "a", "1")).isFalse();
        assertThat(matches("a <> NULL", "a", "1")).isFalse();
        assertThat(matches("NOT a = NULL", "a", "1")).isFalse();
        assertThat(matches("a > NULL", "a", "1")).isFalse();
        assertThat(matches("a = NULL OR b = 1", "b", "1")).isTrue();
    }

    @Test
    void shouldGuardAgainstAbsentPropertiesWithIsNull() {
        String expression = "a IS NULL OR a <> 'x'";
        assertThat(matches(expression)).isTrue();
        assertThat(matches(expression, "a", "y")).isTrue();
        assertThat(matches(expression, "a", "x")).isFalse();
    }

    @Test
    void shouldNeverThrowWhileMatchingWhateverThePropertyValues() {
        List<String> expressions = List.of("a > 1", "a = 1.5", "a = b", "a < b", "a BETWEEN b AND 3", "a = TRUE",
                "a IN ('x')", "a CONTAINS 'x'", "NOT (a >= -1 OR a IS NULL)");
        List<String> values = List.of("", "'", "1", "-1", "1.5", "-0.0", "1e308", "1e309", "-1e999", "1e-999",
                "9223372036854775808", "-9223372036854775809", "00000000000000000000009", "NaN", "true", "\u0000", "１２");
        for (String expression : expressions) {
            SqlFilter filter = SqlFilter.compile(expression);
            for (String a : values) {
                for (String b : values) {
                    assertThatCode(() -> filter.matches(Map.of("a", a, "b", b)))
                            .as("%s with a = '%s', b = '%s'", expression, a, b)
                            .doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void shouldCompareHugeAndNegativeZeroValuesByTheirNumericValue() {
        assertThat(matches("a > 1e300", "a", "1e309")).isTrue();
        assertThat(matches("a = 0", "a", "-0.0")).isTrue();
        assertThat(matches("a > 9223372036854775806", "a", "9223372036854775807")).isTrue();
    }

    @Test
    void shouldEvaluateALongFlatOrChainWithoutOverflowingTheStack() {
        String expression = IntStream.range(0, 20_000).mapToObj(i -> "a = " + i).collect(Collectors.joining(" OR "));
        SqlFilter filter = SqlFilter.compile(expression);
        assertThat(filter.matches(Map.of("a", "19999"))).isTrue();
        assertThat(filter.matches(Map.of("a", "20000"))).isFalse();
    }

    @Test
    void shouldGiveTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        SqlFilter filter = SqlFilter.compile("a BETWEEN 100 AND 199 AND (TAGS IN ('x', 'y') OR b = 1)");
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> counts = IntStream.range(0, 8)
                    .mapToObj(thread -> executor.submit(() -> IntStream.range(0, 1000)
                            .filter(i -> filter.matches(Map.of("a", Integer.toString(i), "TAGS", i % 2 == 0 ? "x" : "z")))
                            .count()))
                    .toList();
            for (Future<Long> count : counts) {
                assertThat(count.get()).isEqualTo(50);
            }
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
