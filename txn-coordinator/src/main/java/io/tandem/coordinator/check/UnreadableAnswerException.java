package io.tandem.coordinator.check;

/** A check endpoint answered 2xx with a body that is not {@code {"state":"COMMIT"|"ROLLBACK"|"UNKNOWN"}}. */
public final class UnreadableAnswerException extends RuntimeException {

    public UnreadableAnswerException(String message) {
        super(message);
    }
}
