package io.tandem.server.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges one round of a {@link History}, like Jepsen's total-queue checker: a message that was acknowledged must be
 * delivered ({@code lost} otherwise), nothing may be delivered that was never sent ({@code unexpected}), and a message
 * delivered again is a {@code duplicate} (counted: the consumer group's guarantee is at least once). A send that failed
 * or timed out may or may not have been stored; delivered anyway, it is {@code recovered}, not unexpected.
 *
 * <p>A round is a window of the history ({@code from} to {@code to}, both {@link System#nanoTime()} readings): its
 * lost messages are those acknowledged for sends started in it, its unexpected and duplicate deliveries those made in
 * it (a message delivered in an earlier round and again now is a duplicate of this round). The failover time is from
 * the fault to the first acknowledgement of a send started at or after it; the longest gap is the longest time in the
 * window between two acknowledgements. Stateless; thread-safe.
 */
final class QueueChecker {

    /** What one round showed. */
    record Verdict(int attempted, int acknowledged, int indeterminate, Set<String> lost, Set<String> unexpected,
                   int duplicates, int recovered, Optional<Duration> failover, Duration longestGap) {

        boolean valid() {
            return lost.isEmpty() && unexpected.isEmpty();
        }

        @Override
        public String toString() {
            return "attempted=" + attempted + " acknowledged=" + acknowledged + " indeterminate=" + indeterminate
                    + " lost=" + lost.size() + (lost.isEmpty() ? "" : " " + sample(lost))
                    + " unexpected=" + unexpected.size() + (unexpected.isEmpty() ? "" : " " + sample(unexpected))
                    + " duplicates=" + duplicates + " recovered=" + recovered
                    + " failover=" + failover.map(d -> d.toMillis() + "ms").orElse("none")
                    + " longestGap=" + longestGap.toMillis() + "ms";
        }

        private static String sample(Set<String> keys) {
            return new TreeSet<>(keys).stream().limit(10).toList().toString();
        }
    }

    private QueueChecker() {
    }

    /**
     * Judges the round from {@code fromNanos} to {@code toNanos} of {@code history}, whose fault struck at
     * {@code faultNanos} (empty: a round without a fault has no failover time).
     */
    static Verdict check(History history, long fromNanos, long toNanos, Optional<Long> faultNanos) {
        List<History.Send> sends = history.sends();
        Set<String> everAttempted = new HashSet<>();
        Set<String> acknowledged = new HashSet<>();
        Set<String> indeterminate = new HashSet<>();
        int attemptedInRound = 0;
        List<Long> acknowledgedAt = new ArrayList<>();
        Optional<Long> firstAfterFault = Optional.empty();
        for (History.Send send : sends) {
            everAttempted.add(send.key());
            if (send.startedNanos() < fromNanos || send.startedNanos() > toNanos) {
                continue;
            }
            attemptedInRound++;
            if (send.outcome() == History.Outcome.OK) {
                acknowledged.add(send.key());
                acknowledgedAt.add(send.endedNanos());
                if (faultNanos.isPresent() && send.startedNanos() >= faultNanos.get()
                        && (firstAfterFault.isEmpty() || send.endedNanos() < firstAfterFault.get())) {
                    firstAfterFault = Optional.of(send.endedNanos());
                }
            } else {
                indeterminate.add(send.key());
            }
        }
        // A key retried after an indeterminate attempt and then acknowledged counts as acknowledged.
        indeterminate.removeAll(acknowledged);

        Map<String, Integer> deliveredBefore = new HashMap<>();
        Set<String> deliveredEver = new HashSet<>();
        List<History.Delivery> inRound = new ArrayList<>();
        for (History.Delivery delivery : history.deliveries()) {
            deliveredEver.add(delivery.key());
            if (delivery.atNanos() < fromNanos) {
                deliveredBefore.merge(delivery.key(), 1, Integer::sum);
            } else {
                inRound.add(delivery);
            }
        }
        inRound.sort(Comparator.comparingLong(History.Delivery::atNanos));
        Set<String> unexpected = new HashSet<>();
        int duplicates = 0;
        Set<String> seen = new HashSet<>(deliveredBefore.keySet());
        for (History.Delivery delivery : inRound) {
            if (!everAttempted.contains(delivery.key())) {
                unexpected.add(delivery.key());
            }
            if (!seen.add(delivery.key())) {
                duplicates++;
            }
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(deliveredEver);
        int recovered = (int) indeterminate.stream().filter(deliveredEver::contains).count();

        acknowledgedAt.sort(Long::compare);
        long gap = 0;
        long previous = fromNanos;
        for (long at : acknowledgedAt) {
            gap = Math.max(gap, at - previous);
            previous = at;
        }
        Optional<Duration> failover = firstAfterFault.map(at -> Duration.ofNanos(at - faultNanos.orElseThrow()));
        return new Verdict(attemptedInRound, acknowledged.size(), indeterminate.size(), Set.copyOf(lost),
                Set.copyOf(unexpected), duplicates, recovered, failover, Duration.ofNanos(gap));
    }
}
