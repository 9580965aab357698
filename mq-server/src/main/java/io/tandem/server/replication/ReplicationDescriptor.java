package io.tandem.server.replication;

/**
 * The frames of Tandem's replication stream, one TCP connection per replica to its leader's replication listener.
 * Every frame is length-prefixed and starts with its type and the sender's leader epoch (0 until leaders are
 * elected; a replica refuses chunks of an epoch older than one it has seen). Integers are big-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |             frame length (bytes after this field)             |  0
 *  +---------------+-----------------------------------------------+
 *  |     type      |              epoch (8 bytes) ...              |  4
 *  +---------------+-----------------------------------------------+
 *  |              ... epoch              |         body ...        |  8..13
 *  +---------------------------------------------------------------+
 *
 *  HELLO    replica to leader, first frame: version (int), broker id (long), from position (long),
 *           broker name length (short), broker name (UTF-8)
 *  CHUNK    leader to replica: position (long), end (long), leader end (long), length (int), log bytes;
 *           an empty chunk (position = end, length 0) is a heartbeat carrying the leader's end
 *  ACK      replica to leader: position (long), the end of its log as durable as its store promises
 *  METADATA leader to replica: topics, subscription groups and consumer offsets as JSON
 *  REFUSED  leader to replica, before closing: why (UTF-8)
 *  EPOCHS   replica to leader, instead of HELLO, before it copies: the replica's last epoch (long); the leader
 *           answers EPOCHS with its log end (long), the number of entries (int) and each entry of its epoch
 *           history, epoch (long) and start offset (long), and closes; the replica cuts its log where the two
 *           histories diverge ({@link EpochHistory#endOffsetOf})
 * </pre>
 */
public final class ReplicationDescriptor {

    /** Version of the stream a replica speaks; a leader refuses any other. */
    public static final int VERSION = 1;
    /** Epoch of every frame until the controller elects leaders. */
    public static final long INITIAL_EPOCH = 0;

    public static final int LENGTH_FIELD_LENGTH = 4;
    public static final int TYPE_OFFSET = 0;
    public static final int EPOCH_OFFSET = 1;
    /** Bytes of every frame after the length field, before the body. */
    public static final int HEADER_LENGTH = 9;

    public static final byte HELLO = 1;
    public static final byte CHUNK = 2;
    public static final byte ACK = 3;
    public static final byte METADATA = 4;
    public static final byte REFUSED = 5;
    public static final byte EPOCHS = 6;

    /** Body of a CHUNK before the log bytes: position, end, leader end, length. */
    public static final int CHUNK_HEADER_LENGTH = 8 + 8 + 8 + 4;

    private ReplicationDescriptor() {
    }

    /** Largest frame a peer accepts, for chunks of up to {@code maxChunkBytes} and records of {@code maxRecord}. */
    public static int maxFrameLength(int maxChunkBytes, int maxRecordSize) {
        return HEADER_LENGTH + CHUNK_HEADER_LENGTH + Math.max(maxChunkBytes, maxRecordSize) + (16 << 20);
    }
}
