package io.tandem.console.coordinator;

/** The coordinator's HTTP API could not be used: unreachable, not configured, or an unexpected answer. */
public final class CoordinatorException extends RuntimeException {

    public CoordinatorException(String message) {
        super(message);
    }

    public CoordinatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
