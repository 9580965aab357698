package io.tandem.console.trace;

import io.tandem.client.ReceivedMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the trace records RocketMQ clients with message trace on send to the trace topic: a trace message's body
 * holds records ended by {@code \u0002}, fields separated by {@code \u0001}, the first field naming the record type
 * ({@code Pub}, {@code SubBefore}, {@code SubAfter}, {@code EndTransaction}). Only the fields a timeline shows are
 * read: type, time, group, and the rest as text.
 */
final class ClientTraceRecords {

    /** The default trace topic of RocketMQ clients. */
    static final String TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";

    private static final char FIELD = '\u0001';
    private static final char RECORD = '\u0002';

    private ClientTraceRecords() {
    }

    /** The records of {@code trace} that concern {@code messageId}. */
    static List<TimelineEvent> events(ReceivedMessage trace, String messageId) {
        List<TimelineEvent> events = new ArrayList<>();
        String body = new String(trace.body(), StandardCharsets.UTF_8);
        for (String record : body.split(String.valueOf(RECORD))) {
            if (record.isBlank() || !record.contains(messageId)) {
                continue;
            }
            String[] fields = record.split(String.valueOf(FIELD), -1);
            String type = fields[0];
            Long atMs = null;
            String group = null;
            switch (type) {
                case "Pub", "SubBefore", "EndTransaction" -> {
                    atMs = number(fields, 1);
                    group = field(fields, 3);
                }
                case "SubAfter" -> {
                    atMs = number(fields, 7);
                    group = field(fields, 8);
                }
                default -> {
                    continue;
                }
            }
            events.add(new TimelineEvent(atMs, TimelineEvent.Stage.CLIENT_TRACE, "Client trace: " + type
                    + (group == null ? "" : " by " + group), String.join(" · ", fields), "client trace",
                    TimelineEvent.Status.INFO));
        }
        return events;
    }

    private static String field(String[] fields, int index) {
        return index < fields.length && !fields[index].isBlank() ? fields[index] : null;
    }

    private static Long number(String[] fields, int index) {
        String value = field(fields, index);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
