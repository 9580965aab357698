package io.tandem.coordinator.check;

/** Too little of the half's lease is left to start another step of its check. */
public final class LeaseDeadlineException extends RuntimeException {

    public LeaseDeadlineException(String message) {
        super(message);
    }
}
