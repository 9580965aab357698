package io.tandem.client;

/**
 * How a successful send ended (fact sheet 3). Every status means the broker stored the message; the others than
 * {@link #SEND_OK} report that a durability level the broker was configured for was not reached in time.
 */
public enum SendStatus {
    SEND_OK,
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE
}
