package io.tandem.coordinator.record;

/**
 * Where reading one broker goes on from: its next undecided half not seen yet, and its next decision not copied
 * yet (table {@code broker_cursor}).
 *
 * @param broker         the broker's "host:port"
 * @param nextHalfOffset half offset to list from
 * @param nextOpOffset   op offset to read decisions from
 */
public record BrokerCursor(String broker, long nextHalfOffset, long nextOpOffset) {
}
