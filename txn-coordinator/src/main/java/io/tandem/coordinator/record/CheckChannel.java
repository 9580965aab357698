package io.tandem.coordinator.record;

/** How a check reached the producer. */
public enum CheckChannel {
    /** CHECK_TRANSACTION_STATE over a live producer connection, sent by the broker (TANDEM_CHECK_HALF). */
    BROKER,
    /** GET on the producer service's HTTP check endpoint. */
    HTTP
}
