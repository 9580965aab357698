package io.tandem.console.trace;

/**
 * One step in a message's life.
 *
 * @param atMs   when it happened (ms since the epoch), or null when the source does not say (a group's committed
 *               offset shows that it consumed the message, not when)
 * @param stage  which step
 * @param title  one line for a person
 * @param detail where, who and why, or null
 * @param source who reported it: {@code broker}, {@code coordinator}, {@code consumer offsets}, {@code client trace}
 * @param status how it went
 */
public record TimelineEvent(Long atMs, Stage stage, String title, String detail, String source, Status status) {

    /** The steps, in the order they happen. */
    public enum Stage {
        PRODUCED, HALF_STORED, CHECK_BACK, ACTION, DECISION, STORED, DELIVERY, RETRY, DEAD_LETTER, RESENT, CLIENT_TRACE
    }

    /** How a step went, for its colour. */
    public enum Status {
        OK, WAITING, FAILED, INFO
    }
}
