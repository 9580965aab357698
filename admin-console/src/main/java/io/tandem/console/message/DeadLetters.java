package io.tandem.console.message;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.console.audit.AuditLog;
import io.tandem.console.cluster.ClusterAccess;
import io.tandem.console.stats.ClusterSnapshot;
import io.tandem.protocol.message.PropertyKeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Dead-letter queues ({@code %DLQ%<group>}): their sizes, their messages, and resending one to the topic it was first
 * sent to, with an audit entry. The resend is a new message with the dead letter's body, tag, keys, user properties
 * and UNIQ_KEY (so a trace of the id shows both), plus the property {@value #RESENT_FROM} naming the dead letter; every
 * group subscribed to that topic receives it. The dead letter itself stays where it is.
 */
public final class DeadLetters {

    /** Property of a resent message: the offset message id of the dead letter it copies. */
    public static final String RESENT_FROM = "TANDEM_RESENT_FROM";

    private final ClusterAccess cluster;
    private final MessageSearch search;
    private final AuditLog audit;

    public DeadLetters(ClusterAccess cluster, MessageSearch search, AuditLog audit) {
        this.cluster = cluster;
        this.search = search;
        this.audit = audit;
    }

    /** The dead-letter queues of a snapshot with the messages each holds, largest first. */
    public static List<Queue> queues(ClusterSnapshot snapshot) {
        List<Queue> queues = new ArrayList<>();
        for (String topic : snapshot.topicQueues().keySet()) {
            if (topic.startsWith(ClusterSnapshot.DLQ_PREFIX)) {
                queues.add(new Queue(topic, topic.substring(ClusterSnapshot.DLQ_PREFIX.length()),
                        snapshot.storedMessages(topic)));
            }
        }
        queues.sort((a, b) -> Long.compare(b.messages(), a.messages()));
        return queues;
    }

    /** The dead letters of {@code dlqTopic} stored in the range, oldest first. */
    public List<ReceivedMessage> browse(String dlqTopic, Instant begin, Instant end, int max) {
        requireDlq(dlqTopic);
        return search.byTime(dlqTopic, begin, end, max);
    }

    /**
     * Sends a copy of the dead letter at {@code offsetMessageId} to its original topic and records it in the audit
     * trail (also when the send fails).
     *
     * @throws IllegalArgumentException if the id is no dead letter of this cluster, or it does not name its topic
     */
    public SendResult resend(String offsetMessageId, String actor) {
        ReceivedMessage dead = search.view(offsetMessageId);
        requireDlq(dead.queue().topic());
        String original = originalTopic(dead);
        Message copy = copyOf(dead, original, offsetMessageId);
        try {
            SendResult sent = cluster.producer().send(copy);
            audit.record(actor, "dlq.resend", offsetMessageId, "from " + dead.queue().topic() + " to " + original
                    + " as " + sent.offsetMessageId() + " (message id " + sent.messageId() + ")", "done");
            return sent;
        } catch (RuntimeException e) {
            audit.record(actor, "dlq.resend", offsetMessageId, "from " + dead.queue().topic() + " to " + original,
                    "failed: " + e.getMessage());
            throw e;
        }
    }

    /** The topic a dead letter was first sent to. */
    public static String originalTopic(ReceivedMessage dead) {
        String original = dead.property(PropertyKeys.RETRY_TOPIC);
        if (original == null) {
            original = dead.property(PropertyKeys.DLQ_ORIGIN_TOPIC);
        }
        if (original == null || original.startsWith(ClusterSnapshot.RETRY_PREFIX)
                || original.startsWith(ClusterSnapshot.DLQ_PREFIX)) {
            throw new IllegalArgumentException("dead letter " + dead.offsetMessageId()
                    + " does not name the topic it was sent to (no RETRY_TOPIC property)");
        }
        return original;
    }

    static Message copyOf(ReceivedMessage dead, String topic, String offsetMessageId) {
        Message.Builder copy = Message.builder(topic).body(dead.body()).flag(dead.flag());
        if (dead.tags() != null) {
            copy.tags(dead.tags());
        }
        if (!dead.keys().isEmpty()) {
            copy.keys(dead.keys().toArray(String[]::new));
        }
        if (dead.uniqueKey() != null) {
            copy.uniqueKey(dead.uniqueKey());
        }
        dead.properties().forEach((name, value) -> {
            if (isUserProperty(name)) {
                copy.property(name, value);
            }
        });
        return copy.property(RESENT_FROM, offsetMessageId).build();
    }

    private static boolean isUserProperty(String name) {
        try {
            Message.builder("probe").property(name, "x");
            return !name.equals(RESENT_FROM) && !name.equals(PropertyKeys.DLQ_ORIGIN_TOPIC)
                    && !name.equals(PropertyKeys.DLQ_ORIGIN_MESSAGE_ID);
        } catch (IllegalArgumentException reserved) {
            return false;
        }
    }

    private static void requireDlq(String topic) {
        if (topic == null || !topic.startsWith(ClusterSnapshot.DLQ_PREFIX)) {
            throw new IllegalArgumentException(topic + " is not a dead-letter queue (" + ClusterSnapshot.DLQ_PREFIX
                    + "<group>)");
        }
    }

    /**
     * A dead-letter queue.
     *
     * @param topic    {@code %DLQ%<group>}
     * @param group    the consumer group whose messages it holds
     * @param messages messages it holds
     */
    public record Queue(String topic, String group, long messages) {
    }
}
