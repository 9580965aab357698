package io.tandem.console.trace;

import io.tandem.client.ReceivedMessage;

import java.util.Comparator;
import java.util.List;

/**
 * The life of one message: its stored copy (null when only its half is known) and its events, timed ones in time
 * order and untimed ones after them in the order they were found.
 *
 * @param messageId the message's id (its UNIQ_KEY)
 * @param topic     its topic
 * @param message   its stored copy in the topic, or null while it is only a half
 * @param events    what happened to it
 * @param notes     what could not be read, and what the sources do not report
 */
public record Timeline(String messageId, String topic, ReceivedMessage message, List<TimelineEvent> events,
                       List<String> notes) {

    private static final Comparator<TimelineEvent> ORDER = Comparator.comparing(TimelineEvent::atMs,
            Comparator.nullsLast(Comparator.naturalOrder()));

    public Timeline {
        events = events.stream().sorted(ORDER).toList();
        notes = List.copyOf(notes);
    }

    /** Whether a step of this stage is on the timeline. */
    public boolean has(TimelineEvent.Stage stage) {
        return events.stream().anyMatch(event -> event.stage() == stage);
    }
}
