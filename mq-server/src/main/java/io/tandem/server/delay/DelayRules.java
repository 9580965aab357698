package io.tandem.server.delay;

import io.tandem.protocol.message.PropertyKeys;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.metadata.TopicNames;

import java.time.Duration;

/**
 * The one owner of the rules for when a message is delivered: which properties ask for a delay and how they are read,
 * what is refused, and where a delayed message waits ({@link DelayPlan}).
 *
 * <p>A message asks for a delay with DELAY (a delay level; 0 or less means none, and then the timer properties are
 * ignored), else TIMER_DELIVER_MS (a time, ms since the epoch), else TIMER_DELAY_SEC or TIMER_DELAY_MS (a delay from
 * now). A value that is not a number is refused, and so is a time more than {@code maxTimerDelay} ahead; a time not in
 * the future means at once. Messages to a DLQ topic are never delayed.
 *
 * <p>Every send is checked with {@link #read} and {@link #refusal}, half messages included, so a half is refused with
 * the error a plain send gets. A plain send is {@link #park parked} at once; a half when it is committed, read again
 * then (so a relative delay counts from the commit). Immutable and thread-safe.
 */
public final class DelayRules {

    /** What a message's properties ask for. */
    public sealed interface Delay {

        /** Delivered at once. */
        record None() implements Delay {
        }

        /** Delay level {@code level} (above 0; levels past the last are clamped to it). */
        record Level(int level) implements Delay {
        }

        /** Delivered at {@code deliverAtMs} (ms since the epoch; at once if that is not in the future). */
        record At(long deliverAtMs) implements Delay {
        }

        /** A delay property holds no number; {@code problem} says which and what it held. */
        record Unreadable(String problem) implements Delay {
        }
    }

    private static final Delay NONE = new Delay.None();

    private final DelayPlan plan;
    private final long maxTimerDelayMs;

    public DelayRules(DelayPlan plan, Duration maxTimerDelay) {
        this.plan = plan;
        this.maxTimerDelayMs = maxTimerDelay.toMillis();
    }

    /** What {@code draft} asks for, read at {@code nowMs} (a relative delay counts from then). */
    public Delay read(MessageDraft draft, long nowMs) {
        if (TopicNames.isDlqTopic(draft.topic())) {
            return NONE;
        }
        String level = draft.property(PropertyKeys.DELAY);
        if (level != null) {
            try {
                int parsed = Integer.parseInt(level.strip());
                return parsed > 0 ? new Delay.Level(parsed) : NONE;
            } catch (NumberFormatException e) {
                return new Delay.Unreadable("property DELAY must be a delay level number, was '" + level + "'");
            }
        }
        try {
            String at = draft.property(PropertyKeys.TIMER_DELIVER_MS);
            if (at != null) {
                return new Delay.At(Long.parseLong(at.strip()));
            }
            String seconds = draft.property(PropertyKeys.TIMER_DELAY_SEC);
            if (seconds != null) {
                return new Delay.At(after(nowMs, Long.parseLong(seconds.strip()), 1000));
            }
            String millis = draft.property(PropertyKeys.TIMER_DELAY_MS);
            if (millis != null) {
                return new Delay.At(after(nowMs, Long.parseLong(millis.strip()), 1));
            }
        } catch (NumberFormatException e) {
            return new Delay.Unreadable("timer property is not a number: " + e.getMessage());
        }
        return NONE;
    }

    /** Null when a send asking for {@code delay} may go ahead, else the remark it is refused with. */
    public String refusal(Delay delay, long nowMs) {
        if (delay instanceof Delay.Unreadable unreadable) {
            return unreadable.problem();
        }
        if (delay instanceof Delay.At at && at.deliverAtMs() > nowMs && at.deliverAtMs() - nowMs > maxTimerDelayMs) {
            return "delivery time " + at.deliverAtMs() + " is more than " + maxTimerDelayMs + " ms in the future";
        }
        return null;
    }

    /**
     * Parks {@code draft} where {@code delay} says: in its level's queue (its timer properties dropped) or until its
     * time if that is after {@code nowMs}. Otherwise the draft is left as it is.
     */
    public void park(MessageDraft draft, Delay delay, long nowMs) {
        switch (delay) {
            case Delay.Level level -> {
                draft.property(PropertyKeys.TIMER_DELIVER_MS, null)
                        .property(PropertyKeys.TIMER_DELAY_SEC, null)
                        .property(PropertyKeys.TIMER_DELAY_MS, null);
                plan.parkForLevel(draft, level.level());
            }
            case Delay.At at -> {
                if (at.deliverAtMs() > nowMs) {
                    plan.parkUntil(draft, at.deliverAtMs());
                }
            }
            case Delay.None _, Delay.Unreadable _ -> {
            }
        }
    }

    /** Whether {@code draft} carries any delay property, whatever its value (batches may not). */
    public boolean requested(MessageDraft draft) {
        return draft.property(PropertyKeys.DELAY) != null || draft.property(PropertyKeys.TIMER_DELIVER_MS) != null
                || draft.property(PropertyKeys.TIMER_DELAY_SEC) != null
                || draft.property(PropertyKeys.TIMER_DELAY_MS) != null;
    }

    /** {@code nowMs} plus {@code delay} units of {@code unitMs}, held at the long range instead of overflowing. */
    private static long after(long nowMs, long delay, long unitMs) {
        try {
            return Math.addExact(nowMs, Math.multiplyExact(delay, unitMs));
        } catch (ArithmeticException e) {
            return delay < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
