package io.tandem.server.message;

/**
 * How the broker fills the store record's opaque fields for a message (the store's own layout is in
 * {@code io.tandem.store.RecordDescriptor}).
 *
 * <p>The record's {@code properties} field:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     user flag (int32, BE)                     |
 *  +---------------------------------------------------------------+
 *  |      property string, UTF-8 (name 0x01 value 0x02 ...)      ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The record's {@code bornHost} field: the producer's IPv4 (4 bytes) or IPv6 (16 bytes) address followed by its
 * port (int32, BE). The record's {@code flags} field holds the message's sys flag with the host bits cleared (the
 * wire writer derives them from the address lengths). Every key of the message's {@code KEYS} property and its
 * {@code UNIQ_KEY} are indexed as store keys; the store's tag hash is the Java hash of the {@code TAGS} value.
 */
public final class StoredPropertiesDescriptor {

    public static final int USER_FLAG_OFFSET = 0;
    public static final int USER_FLAG_LENGTH = 4;
    public static final int PROPERTY_STRING_OFFSET = USER_FLAG_OFFSET + USER_FLAG_LENGTH;

    public static final int PORT_LENGTH = 4;
    public static final int IPV4_HOST_LENGTH = 4 + PORT_LENGTH;
    public static final int IPV6_HOST_LENGTH = 16 + PORT_LENGTH;

    private StoredPropertiesDescriptor() {
    }
}
