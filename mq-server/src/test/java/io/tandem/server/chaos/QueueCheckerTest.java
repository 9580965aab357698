package io.tandem.server.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker on synthetic histories: each kind of anomaly on its own, and the round's window. */
class QueueCheckerTest {

    private static final long MS = 1_000_000L;

    private final History history = new History();

    @Test
    void aCleanRoundIsValidWithNoDuplicates() {
        history.acknowledged("a", 0, 5 * MS, "id-a");
        history.acknowledged("b", 1 * MS, 6 * MS, "id-b");
        history.delivered("a", "id-a", 10 * MS);
        history.delivered("b", "id-b", 11 * MS);

        QueueChecker.Verdict verdict = QueueChecker.check(history, 0, 100 * MS, Optional.empty());

        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.attempted()).isEqualTo(2);
        assertThat(verdict.acknowledged()).isEqualTo(2);
        assertThat(verdict.duplicates()).isZero();
        assertThat(verdict.failover()).isEmpty();
    }

    @Test
    void anAcknowledgedMessageNeverDeliveredIsLost() {
        history.acknowledged("kept", 0, 1 * MS, "id-1");
        history.acknowledged("gone", 0, 2 * MS, "id-2");
        history.delivered("kept", "id-1", 3 * MS);

        QueueChecker.Verdict verdict = QueueChecker.check(history, 0, 100 * MS, Optional.empty());

        assertThat(verdict.lost()).containsExactly("gone");
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.toString()).contains("lost=1 [gone]");
    }

    @Test
    void aDeliveryOfAMessageNobodySentIsUnexpected() {
        history.acknowledged("a", 0, 1 * MS, "id-a");
        history.delivered("a", "id-a", 2 * MS);
        history.delivered("phantom", "id-x", 3 * MS);

        QueueChecker.Verdict verdict = QueueChecker.check(history, 0, 100 * MS, Optional.empty());

        assertThat(verdict.unexpected()).containsExactly("phantom");
        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.valid()).isFalse();
    }

    @Test
    void aFailedSendThatWasStoredAnywayIsRecoveredNotUnexpectedAndOneNeverStoredIsNotLost() {
        history.indeterminate("stored-anyway", 0, 3_000 * MS, "timed out");
        history.indeterminate("never-stored", 0, 3_000 * MS, "connection refused");
        history.delivered("stored-anyway", "id-1", 4_000 * MS);

        QueueChecker.Verdict verdict = QueueChecker.check(history, 0, 10_000 * MS, Optional.empty());

        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.indeterminate()).isEqualTo(2);
        assertThat(verdict.recovered()).isEqualTo(1);
    }

    @Test
    void aKeyRetriedUntilAcknowledgedCountsAsAcknowledgedAndMustBeDelivered() {
        history.indeterminate("k", 0, 1 * MS, "timed out");
        history.acknowledged("k", 2 * MS, 3 * MS, "id-k");

        QueueChecker.Verdict verdict = QueueChecker.check(history, 0, 100 * MS, Optional.empty());

        assertThat(verdict.indeterminate()).isZero();
        assertThat(verdict.lost()).containsExactly("k");
    }

    @Test
    void everyDeliveryAfterTheFirstIsADuplicateAlsoAcrossRounds() {
        history.acknowledged("a", 0, 1 * MS, "id-a");
        history.delivered("a", "id-a", 2 * MS);
        history.acknowledged("b", 100 * MS, 101 * MS, "id-b");
        history.delivered("b", "id-b", 102 * MS);
        history.delivered("b", "id-b", 103 * MS);
        history.delivered("a", "id-a", 104 * MS);

        QueueChecker.Verdict second = QueueChecker.check(history, 100 * MS, 200 * MS, Optional.empty());

        assertThat(second.duplicates()).isEqualTo(2);
        assertThat(second.attempted()).isEqualTo(1);
        assertThat(second.valid()).isTrue();
    }

    @Test
    void aMessageOfAnEarlierRoundIsNotLostInThisOneAndAMessageDeliveredInALaterRoundIsNotLost() {
        history.acknowledged("early", 0, 1 * MS, "id-e");
        history.acknowledged("late-delivery", 100 * MS, 101 * MS, "id-l");
        history.delivered("late-delivery", "id-l", 300 * MS);

        QueueChecker.Verdict second = QueueChecker.check(history, 100 * MS, 200 * MS, Optional.empty());

        assertThat(second.lost()).isEmpty();
        assertThat(second.attempted()).isEqualTo(1);
    }

    @Test
    void failoverRunsFromTheFaultToTheFirstAcknowledgementOfASendStartedAfterIt() {
        history.acknowledged("before", 0, 10 * MS, "1");
        // In flight when the fault struck: acknowledged after it, but it says nothing about the new leader.
        history.acknowledged("in-flight", 95 * MS, 105 * MS, "2");
        history.indeterminate("failed", 101 * MS, 2_000 * MS, "timed out");
        history.acknowledged("slow-after", 2_100 * MS, 3_500 * MS, "3");
        history.acknowledged("first-after", 2_200 * MS, 3_100 * MS, "4");
        for (String key : new String[] {"before", "in-flight", "slow-after", "first-after"}) {
            history.delivered(key, key, 4_000 * MS);
        }

        QueueChecker.Verdict verdict = QueueChecker.check(history, 0, 5_000 * MS, Optional.of(100 * MS));

        assertThat(verdict.failover()).contains(Duration.ofMillis(3_000));
        assertThat(verdict.longestGap()).isEqualTo(Duration.ofMillis(2_995));
        assertThat(verdict.valid()).isTrue();
    }

    @Test
    void noAcknowledgementAfterTheFaultMeansNoFailoverTime() {
        history.acknowledged("before", 0, 10 * MS, "1");
        history.indeterminate("after", 200 * MS, 300 * MS, "refused");
        history.delivered("before", "1", 20 * MS);

        QueueChecker.Verdict verdict = QueueChecker.check(history, 0, 1_000 * MS, Optional.of(100 * MS));

        assertThat(verdict.failover()).isEmpty();
        assertThat(verdict.toString()).contains("failover=none");
    }
}
