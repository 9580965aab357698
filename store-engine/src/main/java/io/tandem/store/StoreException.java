package io.tandem.store;

/** Base of the store's exceptions; each names what was wrong and, for data problems, where. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
