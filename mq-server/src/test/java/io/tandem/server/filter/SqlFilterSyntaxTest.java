package io.tandem.server.filter;

import org.junit.jupiter.api.Test;

import static io.tandem.server.filter.MessageProperties.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SqlFilterSyntaxTest {

    @Test
    void shouldAcceptKeywordsInAnyCase() {
        assertThat(matches("a between 1 and 3 or b is null", "a", "2", "b", "x")).isTrue();
        assertThat(matches("a Between 1 And 3 Or b Is Null", "a", "9")).isTrue();
        assertThat(matches("not a in ('x') and b is not null", "a", "y", "b", "1")).isTrue();
        assertThat(matches("a startswith 'x' and a EndsWith 'z' and a contains 'y'", "a", "xyz")).isTrue();
        assertThat(matches("a not contains 'q' and b = true", "a", "xyz", "b", "true")).isTrue();
        assertThat(matches("a = null or b = False", "b", "false")).isTrue();
    }

    @Test
    void shouldReadTwoQuotesInsideAStringAsOneQuote() {
        assertThat(matches("name = 'O''Brien'", "name", "O'Brien")).isTrue();
        assertThat(matches("name = 'O''Brien'", "name", "O''Brien")).isFalse();
        assertThat(matches("quote = ''''", "quote", "'")).isTrue();
        assertThat(matches("empty = ''", "empty", "")).isTrue();
        assertThat(matches("path = 'C:\\dir\\'", "path", "C:\\dir\\")).isTrue();
    }

    @Test
    void shouldKeepKeywordsSpacesAndOperatorsInsideStringsAsText() {
        assertThat(matches("a = ' AND b = 1 OR '", "a", " AND b = 1 OR ")).isTrue();
        assertThat(matches("a IN ('x, y', 'z')", "a", "x, y")).isTrue();
        assertThat(matches("a = 'héllo 世界'", "a", "héllo 世界")).isTrue();
    }

    @Test
    void shouldIgnoreWhitespaceBetweenTokensIncludingNewlinesAndTabs() {
        assertThat(matches("\n\ta\t>=\r\n10\n", "a", "10")).isTrue();
        assertThat(matches("a>=10 AND(b<>'x')", "a", "10", "b", "y")).isTrue();
        assertThat(matches("a IN('x','y')", "a", "y")).isTrue();
    }

    @Test
    void shouldKeepTheExpressionTextAsGiven() {
        String expression = "  TAGS in ('a')  ";
        assertThat(SqlFilter.compile(expression).expression()).isEqualTo(expression);
        assertThat(SqlFilter.compile(expression).toString()).contains(expression);
    }

    @Test
    void shouldRejectAnUnterminatedStringAtItsOpeningQuote() {
        SqlFilterException error = compileError("a = 'abc");
        assertThat(error.position()).isEqualTo(4);
        assertThat(error.reason()).contains("unterminated string");
        assertThat(compileError("a = 'it''s").reason()).contains("unterminated string");
    }

    @Test
    void shouldRejectAMissingRightOperand() {
        SqlFilterException error = compileError("a = ");
        assertThat(error.position()).isEqualTo(4);
        assertThat(error.reason()).isEqualTo("expected a value after '=' but found end of expression");
        assertThat(compileError("a > AND b = 1").reason()).isEqualTo("expected a value after '>' but found AND");
    }

    @Test
    void shouldRejectAMissingLeftOperand() {
        SqlFilterException error = compileError("= 5");
        assertThat(error.position()).isZero();
        assertThat(error.reason()).isEqualTo("expected a condition but found '='");
    }

    @Test
    void shouldRejectAMissingConditionAfterAndOrNot() {
        assertThat(compileError("a = 1 AND").reason()).isEqualTo("expected a condition but found end of expression");
        assertThat(compileError("a = 1 OR OR b = 2").position()).isEqualTo(9);
        assertThat(compileError("NOT").reason()).isEqualTo("expected a condition but found end of expression");
    }

    @Test
    void shouldRejectUnknownOperatorsNamingThem() {
        SqlFilterException bang = compileError("a != 1");
        assertThat(bang.position()).isEqualTo(2);
        assertThat(bang.reason()).contains("unknown operator '!='", "'<>'");
        assertThat(compileError("a == 1").reason()).contains("unknown operator '=='");
        SqlFilterException like = compileError("a LIKE 'x%'");
        assertThat(like.position()).isEqualTo(2);
        assertThat(like.reason()).startsWith("unknown operator").endsWith("but found property 'LIKE'");
        assertThat(compileError("a ~ 1").reason()).isEqualTo("unexpected character '~'");
        assertThat(compileError("a = 1 && b = 2").reason()).isEqualTo("unexpected character '&'");
    }

    @Test
    void shouldRejectTrailingGarbage() {
        SqlFilterException error = compileError("a = 1 b");
        assertThat(error.position()).isEqualTo(6);
        assertThat(error.reason()).isEqualTo("expected AND, OR or the end of the expression but found property 'b'");
        assertThat(compileError("a = 1)").reason()).endsWith("but found ')'");
        assertThat(compileError("a = 1 = 2").position()).isEqualTo(6);
    }

    @Test
    void shouldRejectABareIdentifier() {
        SqlFilterException error = compileError("a");
        assertThat(error.position()).isEqualTo(1);
        assertThat(error.reason()).contains("expected an operator", "after property 'a'", "not a condition on its own",
                "found end of expression");
        assertThat(compileError("a AND b = 1").reason()).contains("after property 'a'");
        assertThat(compileError("(a)").reason()).contains("after property 'a'");
    }

    @Test
    void shouldRejectABareLiteral() {
        assertThat(compileError("TRUE").reason()).contains("after TRUE");
        assertThat(compileError("1").reason()).contains("after number 1");
        assertThat(compileError("'x'").reason()).contains("after string 'x'");
        assertThat(compileError("NULL").reason()).contains("after NULL");
    }

    @Test
    void shouldRejectAnEmptyOrBlankExpression() {
        assertThat(compileError("").reason()).isEqualTo("the expression is empty");
        assertThat(compileError(" \t\n ").reason()).isEqualTo("the expression is empty");
    }

    @Test
    void shouldRejectUnbalancedParentheses() {
        SqlFilterException error = compileError("(a = 1 OR b = 2");
        assertThat(error.position()).isEqualTo(15);
        assertThat(error.reason()).isEqualTo(
                "expected AND, OR or ')' to close the '(' opened at position 0 but found end of expression");
        assertThat(compileError("()").reason()).isEqualTo("expected a condition but found ')'");
    }

    @Test
    void shouldRejectOrderingOperatorsOnStringsAndBooleans() {
        SqlFilterException error = compileError("a > 'x'");
        assertThat(error.position()).isEqualTo(4);
        assertThat(error.reason()).contains("'>' compares numbers", "found string 'x'");
        assertThat(compileError("a BETWEEN 'a' AND 'z'").reason()).contains("BETWEEN compares numbers");
        assertThat(compileError("a <= TRUE").reason()).contains("found TRUE");
    }

    @Test
    void shouldRejectComparingLiteralsOfDifferentTypes() {
        SqlFilterException error = compileError("'1' = 1");
        assertThat(error.position()).isEqualTo(4);
        assertThat(error.reason()).isEqualTo("cannot compare string '1' with number 1");
        assertThat(compileError("TRUE <> 'true'").reason()).isEqualTo("cannot compare TRUE with string 'true'");
    }

    @Test
    void shouldRequireAPropertyOnTheLeftOfInIsNullAndTheStringMatchers() {
        assertThat(compileError("'a' IN ('a')").reason()).isEqualTo("IN needs a property name on its left but found string 'a'");
        assertThat(compileError("1 IS NULL").reason()).startsWith("IS needs a property name");
        assertThat(compileError("'abc' STARTSWITH 'a'").reason()).startsWith("STARTSWITH needs a property name");
    }

    @Test
    void shouldRequireStringsOnTheRightOfInAndTheStringMatchers() {
        assertThat(compileError("a IN (1, 2)").reason()).isEqualTo("expected a string in the IN list but found number 1");
        assertThat(compileError("a IN ()").reason()).isEqualTo("expected a string in the IN list but found ')'");
        assertThat(compileError("a IN 'x'").reason()).isEqualTo("expected '(' after IN but found string 'x'");
        assertThat(compileError("a IN ('x' 'y')").reason()).isEqualTo("expected ',' or ')' in the IN list but found string 'y'");
        assertThat(compileError("a CONTAINS b").reason()).isEqualTo("expected a string after CONTAINS but found property 'b'");
    }

    @Test
    void shouldRejectIncompleteBetweenAndIsNull() {
        assertThat(compileError("a BETWEEN 1 OR 3").reason()).isEqualTo("expected AND between the bounds of BETWEEN but found OR");
        assertThat(compileError("a IS 1").reason()).isEqualTo("expected NULL or NOT NULL after IS but found number 1");
        assertThat(compileError("a IS NOT 'x'").reason()).isEqualTo("expected NULL after IS NOT but found string 'x'");
        assertThat(compileError("a NOT = 1").reason())
                .isEqualTo("expected BETWEEN, IN, STARTSWITH, ENDSWITH or CONTAINS after NOT but found '='");
    }

    @Test
    void shouldRejectMalformedNumbersAndNamesStartingWithADigit() {
        assertThat(compileError("a = 1e").reason()).startsWith("malformed number '1e'");
        assertThat(compileError("2a = 1").reason()).startsWith("malformed number '2a'");
        assertThat(compileError("a = 1.2.3").position()).isEqualTo(4);
        assertThat(compileError("a = - 'x'").reason()).isEqualTo("expected a number after '-' but found string 'x'");
    }

    @Test
    void shouldRejectIntegersThatDoNotFitALong() {
        assertThat(compileError("a > 9223372036854775808").reason()).startsWith("integer 9223372036854775808 does not fit");
        assertThat(compileError("a > 1e999").reason()).contains("out of range");
    }

    @Test
    void shouldRejectKeywordsUsedAsPropertyNames() {
        assertThat(compileError("in = 1").reason()).isEqualTo("expected a condition but found IN");
        assertThat(compileError("a = and").reason()).isEqualTo("expected a value after '=' but found AND");
    }

    @Test
    void shouldPointDoubleQuotedStringsToSingleQuotes() {
        assertThat(compileError("a = \"x\"").reason()).contains("single quotes");
    }

    @Test
    void shouldRejectNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
        String deep = "(".repeat(10_000) + "a = 1" + ")".repeat(10_000);
        assertThat(compileError(deep).reason()).contains("nested deeper than " + Parser.MAX_NESTING);
        assertThat(compileError("NOT ".repeat(10_000) + "a = 1").reason()).contains("nested deeper");
        String allowed = "(".repeat(Parser.MAX_NESTING) + "a = 1" + ")".repeat(Parser.MAX_NESTING);
        assertThat(SqlFilter.compile(allowed).matches(MessageProperties.of("a", "1"))).isTrue();
    }

    @Test
    void shouldNameTheExpressionReasonAndPositionInTheMessage() {
        SqlFilterException error = compileError("a = ");
        assertThat(error).isInstanceOf(IllegalArgumentException.class);
        assertThat(error.expression()).isEqualTo("a = ");
        assertThat(error.getMessage())
                .isEqualTo("Invalid SQL filter \"a = \": expected a value after '=' but found end of expression at position 4");
    }

    @Test
    void shouldRejectANullExpressionAsMisuse() {
        assertThatThrownBy(() -> SqlFilter.compile(null)).isInstanceOf(NullPointerException.class);
    }

    private static SqlFilterException compileError(String expression) {
        SqlFilterException error = catchThrowableOfType(SqlFilterException.class, () -> SqlFilter.compile(expression));
        assertThat(error).as("compiling %s", expression).isNotNull();
        return error;
    }
}
