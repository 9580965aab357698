package io.tandem.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Skips the annotated test class, saying so, when {@link Postgres} is not reachable: the tests are reported as
 * skipped with the reason, never as passed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

    /** The condition behind the annotation. */
    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String reason = Postgres.unavailableReason();
            return reason == null
                    ? ConditionEvaluationResult.enabled("PostgreSQL is reachable at " + Postgres.URL)
                    : ConditionEvaluationResult.disabled("PostgreSQL is not reachable at " + Postgres.URL
                    + " as user " + Postgres.USER + " (" + reason + "): skipping the PostgreSQL tests");
        }
    }
}
