package io.tandem.server.delay;

import io.tandem.protocol.message.PropertyKeys;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.metadata.TopicNames;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a message's delay properties are read, refused and parked: the rules every send and commit go through. */
class DelayRulesTest {

    private static final long NOW = 1_700_000_000_000L;
    private final DelayPlan plan = new DelayPlan(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    private final DelayRules rules = new DelayRules(plan, Duration.ofDays(3));

    @Test
    void shouldParkADelayLevelInItsQueueAndDropTheTimers() {
        MessageDraft draft = draft("orders", Map.of(PropertyKeys.DELAY, " 2 ", PropertyKeys.TIMER_DELIVER_MS, "5"));

        DelayRules.Delay delay = rules.read(draft, NOW);
        rules.park(draft, delay, NOW);

        assertThat(delay).isEqualTo(new DelayRules.Delay.Level(2));
        assertThat(draft.topic()).isEqualTo(TopicNames.SCHEDULE_TOPIC);
        assertThat(draft.queueId()).isEqualTo(1);
        assertThat(draft.property(PropertyKeys.TIMER_DELIVER_MS)).isNull();
        assertThat(draft.property(PropertyKeys.REAL_TOPIC)).isEqualTo("orders");
    }

    @Test
    void shouldReadALevelOfZeroOrLessAsNoDelayWhateverTheTimersSay() {
        MessageDraft draft = draft("orders", Map.of(PropertyKeys.DELAY, "0", PropertyKeys.TIMER_DELAY_SEC, "x"));

        assertThat(rules.read(draft, NOW)).isEqualTo(new DelayRules.Delay.None());
    }

    @Test
    void shouldReadTimersAsATimeCountedFromNow() {
        assertThat(rules.read(draft("t", Map.of(PropertyKeys.TIMER_DELIVER_MS, Long.toString(NOW + 9))), NOW))
                .isEqualTo(new DelayRules.Delay.At(NOW + 9));
        assertThat(rules.read(draft("t", Map.of(PropertyKeys.TIMER_DELAY_SEC, "3")), NOW))
                .isEqualTo(new DelayRules.Delay.At(NOW + 3_000));
        assertThat(rules.read(draft("t", Map.of(PropertyKeys.TIMER_DELAY_MS, "40")), NOW))
                .isEqualTo(new DelayRules.Delay.At(NOW + 40));
    }

    @Test
    void shouldRefuseWhatIsNotANumberOrTooFarAhead() {
        assertThat(refusal(Map.of(PropertyKeys.DELAY, "soon")))
                .isEqualTo("property DELAY must be a delay level number, was 'soon'");
        assertThat(refusal(Map.of(PropertyKeys.TIMER_DELIVER_MS, "99999999999999999999")))
                .isEqualTo("timer property is not a number: For input string: \"99999999999999999999\"");
        long tooLate = NOW + Duration.ofDays(3).toMillis() + 1;
        assertThat(refusal(Map.of(PropertyKeys.TIMER_DELIVER_MS, Long.toString(tooLate))))
                .isEqualTo("delivery time " + tooLate + " is more than 259200000 ms in the future");
        assertThat(refusal(Map.of(PropertyKeys.TIMER_DELIVER_MS, Long.toString(tooLate - 1)))).isNull();
    }

    @Test
    void shouldRefuseADelaySoLongItsTimeOverflowsInsteadOfDeliveringItAtOnce() {
        assertThat(refusal(Map.of(PropertyKeys.TIMER_DELAY_SEC, Long.toString(Long.MAX_VALUE / 1000))))
                .isEqualTo("delivery time " + Long.MAX_VALUE + " is more than 259200000 ms in the future");
        assertThat(refusal(Map.of(PropertyKeys.TIMER_DELAY_MS, Long.toString(Long.MAX_VALUE)))).isNotNull();
    }

    @Test
    void shouldDeliverATimeNotInTheFutureAtOnceAndNeverDelayADeadLetter() {
        MessageDraft past = draft("t", Map.of(PropertyKeys.TIMER_DELIVER_MS, Long.toString(NOW - 1)));
        rules.park(past, rules.read(past, NOW), NOW);
        assertThat(past.topic()).isEqualTo("t");
        assertThat(rules.refusal(rules.read(past, NOW), NOW)).isNull();

        MessageDraft deadLetter = draft(TopicNames.dlqTopic("g"), Map.of(PropertyKeys.DELAY, "nonsense"));
        assertThat(rules.read(deadLetter, NOW)).isEqualTo(new DelayRules.Delay.None());
    }

    @Test
    void shouldTellWhetherAnyDelayPropertyIsThere() {
        for (String property : List.of(PropertyKeys.DELAY, PropertyKeys.TIMER_DELIVER_MS,
                PropertyKeys.TIMER_DELAY_SEC, PropertyKeys.TIMER_DELAY_MS)) {
            assertThat(rules.requested(draft("t", Map.of(property, "0")))).as(property).isTrue();
        }
        assertThat(rules.requested(draft("t", Map.of(PropertyKeys.KEYS, "k")))).isFalse();
    }

    private String refusal(Map<String, String> properties) {
        return rules.refusal(rules.read(draft("t", properties), NOW), NOW);
    }

    private static MessageDraft draft(String topic, Map<String, String> properties) {
        return new MessageDraft(topic, 0, 0, 0, NOW, new byte[8], 0, new HashMap<>(properties), new byte[]{1});
    }
}
