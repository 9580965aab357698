package io.tandem.store;

/** The store was used after {@link MessageStore#close()}. */
public final class StoreClosedException extends StoreException {

    public StoreClosedException(String message) {
        super(message);
    }
}
