package io.tandem.server.message;

/**
 * The store refused a write that completes earlier work (a transaction decision, a due delayed message) because its
 * disk is out of space. The message says which disk and how full it is; the work is retried later by whoever asked
 * (a producer's check answer, the delay duty), since nothing was written.
 */
public final class DiskFullException extends RuntimeException {

    public DiskFullException(String message) {
        super(message);
    }
}
