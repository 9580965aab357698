package io.tandem.server.delay;

import io.tandem.protocol.message.PropertyKeys;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.metadata.TopicNames;

import java.time.Duration;
import java.util.List;

/**
 * Where delayed messages wait: queue {@code level - 1} of {@link TopicNames#SCHEDULE_TOPIC} for delay level
 * {@code level}, and queue {@code levels} for messages with a delivery timestamp. A parked message keeps its real
 * topic and queue in REAL_TOPIC and REAL_QID; a timestamped one its delivery time in TIMER_OUT_MS. Immutable.
 */
public final class DelayPlan {

    /**
     * The property a delivered copy names its schedule entry with, as {@code queueId:queueOffset} of the schedule
     * topic: how a broker recognises a delivery its progress does not count yet.
     */
    public static final String ORIGIN_PROPERTY = "TANDEM_DELAY_ORIGIN";

    private final List<Duration> levels;

    public DelayPlan(List<Duration> levels) {
        this.levels = List.copyOf(levels);
    }

    public int levelCount() {
        return levels.size();
    }

    /** Queues of the schedule topic: one per level and one for timestamps. */
    public int queueCount() {
        return levels.size() + 1;
    }

    public int timerQueueId() {
        return levels.size();
    }

    /** The level clamped to the configured ones. */
    public int clamp(int level) {
        return Math.max(1, Math.min(level, levels.size()));
    }

    public Duration delayOf(int level) {
        return levels.get(clamp(level) - 1);
    }

    /** The value of {@link #ORIGIN_PROPERTY} for a schedule entry. */
    public static String origin(int queueId, long queueOffset) {
        return queueId + ":" + queueOffset;
    }

    /** Parks {@code draft} in the queue of {@code level} (clamped). */
    public MessageDraft parkForLevel(MessageDraft draft, int level) {
        int clamped = clamp(level);
        draft.property(PropertyKeys.REAL_TOPIC, draft.topic())
                .property(PropertyKeys.REAL_QID, Integer.toString(draft.queueId()))
                .property(PropertyKeys.DELAY, Integer.toString(clamped));
        return draft.topic(TopicNames.SCHEDULE_TOPIC).queueId(clamped - 1);
    }

    /** Parks {@code draft} until {@code deliverAtMs}. */
    public MessageDraft parkUntil(MessageDraft draft, long deliverAtMs) {
        draft.property(PropertyKeys.REAL_TOPIC, draft.topic())
                .property(PropertyKeys.REAL_QID, Integer.toString(draft.queueId()))
                .property(PropertyKeys.TIMER_OUT_MS, Long.toString(deliverAtMs));
        return draft.topic(TopicNames.SCHEDULE_TOPIC).queueId(timerQueueId());
    }
}
