package io.tandem.store;

/**
 * The store hit an unrecoverable I/O error (for example a failed fdatasync) and refuses further appends.
 * Nothing written after the last successful flush was acknowledged as durable; reopening the store recovers
 * from the commit log.
 */
public final class StoreFailedException extends StoreException {

    public StoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
