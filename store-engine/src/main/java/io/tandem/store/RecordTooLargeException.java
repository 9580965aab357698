package io.tandem.store;

/** An appended record is larger than the configured maximum record size. */
public final class RecordTooLargeException extends StoreException {

    public RecordTooLargeException(int length, int maxLength) {
        super("record of " + length + " bytes exceeds the maximum record size of " + maxLength + " bytes");
    }
}
