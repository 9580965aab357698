package io.tandem.protocol.body;

/**
 * The compressed layout of a REGISTER_BROKER body (header {@code compressed=true}): a zlib stream (RFC 1950) whose
 * inflated bytes are length-prefixed sections. All integers are big-endian int32.
 *
 * <pre>
 *  +-------------------------+------------------------------------------------------------+
 *  | dataVersionLength       | dataVersion JSON ({@link DataVersion}), that many bytes      |
 *  +-------------------------+------------------------------------------------------------+
 *  | topicCount              |                                                            |
 *  +-------------------------+------------------------------------------------------------+
 *  | topicLength             | topic line, topicCount times (see below)                   |
 *  +-------------------------+------------------------------------------------------------+
 *  | filterServersLength     | JSON array of filter server addresses                      |
 *  +-------------------------+------------------------------------------------------------+
 *  | mappingCount            | only from brokers of version 5.0.0 on                      |
 *  +-------------------------+------------------------------------------------------------+
 *  | mappingLength           | static-topic mapping JSON, mappingCount times              |
 *  +-------------------------+------------------------------------------------------------+
 * </pre>
 *
 * A topic line is UTF-8 text of fields separated by one {@link #TOPIC_FIELD_SEPARATOR}: topic name, read queue count,
 * write queue count, perm, topic filter type and the attributes as a JSON object. The line carries neither
 * {@code topicSysFlag} nor {@code order}: a compressed registration reports both as their defaults.
 */
public final class RegisterBrokerBodyDescriptor {

    /** Bytes of every length and count field. */
    public static final int INT_LENGTH = 4;
    /** Separates the fields of a topic line. */
    public static final char TOPIC_FIELD_SEPARATOR = ' ';
    /** Fields of a topic line, the attributes included. */
    public static final int TOPIC_FIELDS = 6;
    /** Index of the attributes JSON among a topic line's fields. */
    public static final int TOPIC_ATTRIBUTES_FIELD = 5;
    /**
     * Most inflated bytes a reader accepts: far above any real topic table, and a bound on what a small deflated frame
     * can make a name server allocate.
     */
    public static final int MAX_INFLATED_LENGTH = 256 << 20;

    private RegisterBrokerBodyDescriptor() {
    }
}
