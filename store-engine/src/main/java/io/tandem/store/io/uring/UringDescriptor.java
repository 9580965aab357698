package io.tandem.store.io.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The io_uring kernel ABI ({@code include/uapi/linux/io_uring.h}): structure layouts, their field offsets, and
 * the opcode and flag values the engine uses. Offsets are derived from the {@link StructLayout}s, so the
 * layouts are the single source of truth; all fields are little-endian on x86_64.
 *
 * <p>{@code struct io_uring_params}, 120 bytes, filled in by {@code io_uring_setup}:
 * <pre>
 *  0               4               8               12              16
 *  +---------------+---------------+---------------+---------------+
 *  | sq_entries    | cq_entries    | flags         | sq_thread_cpu |   0
 *  +---------------+---------------+---------------+---------------+
 *  | sq_thread_idle| features      | wq_fd         | resv[0]       |  16
 *  +---------------+---------------+---------------+---------------+
 *  | resv[1]       | resv[2]       | sq_off: io_sqring_offsets ... |  32
 *  +---------------+---------------+-------------------------------+
 *  |               ... sq_off (40 bytes, from 40 to 80) ...        |
 *  |               ... cq_off: io_cqring_offsets (80 to 120) ...   |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>{@code struct io_sqring_offsets} and {@code struct io_cqring_offsets}, 40 bytes each: byte offsets of the
 * ring fields inside the mmapped SQ and CQ rings.
 * <pre>
 *  0       4       8          12            16       20       24      28      32                40
 *  +-------+-------+----------+-------------+--------+--------+-------+-------+-----------------+
 *  | head  | tail  | ring_mask| ring_entries| flags  | dropped| array | resv1 | user_addr (u64) |  SQ
 *  +-------+-------+----------+-------------+--------+--------+-------+-------+-----------------+
 *  | head  | tail  | ring_mask| ring_entries|overflow| cqes   | flags | resv1 | user_addr (u64) |  CQ
 *  +-------+-------+----------+-------------+--------+--------+-------+-------+-----------------+
 * </pre>
 *
 * <p>{@code struct io_uring_sqe}, the 64-byte submission queue entry (fields of unions named by the use made
 * of them here):
 * <pre>
 *  0        1        2                 4                                 8
 *  +--------+--------+-----------------+---------------------------------+
 *  | opcode | flags  | ioprio (u16)    | fd (s32)                        |   0
 *  +--------+--------+-----------------+---------------------------------+
 *  | off: file offset (u64)                                              |   8
 *  +---------------------------------------------------------------------+
 *  | addr: buffer address (u64)                                          |  16
 *  +---------------------------------+-----------------------------------+
 *  | len (u32)                       | rw_flags / fsync_flags (u32)      |  24
 *  +---------------------------------+-----------------------------------+
 *  | user_data (u64), returned in the completion                         |  32
 *  +-----------------+---------------+-----------------------------------+
 *  | buf_index (u16) | personality   | splice_fd_in / file_index (s32)   |  40
 *  +-----------------+---------------+-----------------------------------+
 *  | addr3 (u64)                                                         |  48
 *  +---------------------------------------------------------------------+
 *  | pad (u64)                                                           |  56
 *  +---------------------------------------------------------------------+
 * </pre>
 *
 * <p>{@code struct io_uring_cqe}, the 16-byte completion queue entry:
 * <pre>
 *  0                                 8                 12                16
 *  +---------------------------------+-----------------+-----------------+
 *  | user_data (u64)                 | res (s32)       | flags (u32)     |
 *  +---------------------------------+-----------------+-----------------+
 * </pre>
 * {@code res} is the operation's result: bytes transferred, or {@code -errno}.
 */
final class UringDescriptor {

    static final StructLayout SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr")).withName("io_sqring_offsets");

    static final StructLayout CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("overflow"),
            JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr")).withName("io_cqring_offsets");

    static final StructLayout PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),
            JAVA_INT.withName("cq_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            SQRING_OFFSETS.withName("sq_off"),
            CQRING_OFFSETS.withName("cq_off")).withName("io_uring_params");

    static final StructLayout SQE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"),
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_INT.withName("rw_flags"),
            JAVA_LONG.withName("user_data"),
            JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("splice_fd_in"),
            JAVA_LONG.withName("addr3"),
            JAVA_LONG.withName("pad")).withName("io_uring_sqe");

    static final StructLayout CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags")).withName("io_uring_cqe");

    /** {@code struct iovec}, as passed to {@code IORING_REGISTER_BUFFERS}. */
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");

    /** {@code struct io_uring_probe} header; {@code ops[]} of {@link #PROBE_OP} follows it. */
    static final StructLayout PROBE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("last_op"),
            JAVA_BYTE.withName("ops_len"),
            JAVA_SHORT.withName("resv"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2")).withName("io_uring_probe");

    static final StructLayout PROBE_OP = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"),
            JAVA_BYTE.withName("resv"),
            JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("resv2")).withName("io_uring_probe_op");

    static final long PARAMS_SIZE = PARAMS.byteSize();
    static final long PARAMS_SQ_ENTRIES = PARAMS.byteOffset(groupElement("sq_entries"));
    static final long PARAMS_CQ_ENTRIES = PARAMS.byteOffset(groupElement("cq_entries"));
    static final long PARAMS_FLAGS = PARAMS.byteOffset(groupElement("flags"));
    static final long PARAMS_FEATURES = PARAMS.byteOffset(groupElement("features"));
    static final long PARAMS_SQ_OFF = PARAMS.byteOffset(groupElement("sq_off"));
    static final long PARAMS_CQ_OFF = PARAMS.byteOffset(groupElement("cq_off"));

    static final long SQ_OFF_HEAD = SQRING_OFFSETS.byteOffset(groupElement("head"));
    static final long SQ_OFF_TAIL = SQRING_OFFSETS.byteOffset(groupElement("tail"));
    static final long SQ_OFF_RING_MASK = SQRING_OFFSETS.byteOffset(groupElement("ring_mask"));
    static final long SQ_OFF_RING_ENTRIES = SQRING_OFFSETS.byteOffset(groupElement("ring_entries"));
    static final long SQ_OFF_ARRAY = SQRING_OFFSETS.byteOffset(groupElement("array"));

    static final long CQ_OFF_HEAD = CQRING_OFFSETS.byteOffset(groupElement("head"));
    static final long CQ_OFF_TAIL = CQRING_OFFSETS.byteOffset(groupElement("tail"));
    static final long CQ_OFF_RING_MASK = CQRING_OFFSETS.byteOffset(groupElement("ring_mask"));
    static final long CQ_OFF_RING_ENTRIES = CQRING_OFFSETS.byteOffset(groupElement("ring_entries"));
    static final long CQ_OFF_CQES = CQRING_OFFSETS.byteOffset(groupElement("cqes"));

    static final long SQE_SIZE = SQE.byteSize();
    static final long SQE_OPCODE = SQE.byteOffset(groupElement("opcode"));
    static final long SQE_FLAGS = SQE.byteOffset(groupElement("flags"));
    static final long SQE_FD = SQE.byteOffset(groupElement("fd"));
    static final long SQE_OFF = SQE.byteOffset(groupElement("off"));
    static final long SQE_ADDR = SQE.byteOffset(groupElement("addr"));
    static final long SQE_LEN = SQE.byteOffset(groupElement("len"));
    static final long SQE_RW_FLAGS = SQE.byteOffset(groupElement("rw_flags"));
    static final long SQE_USER_DATA = SQE.byteOffset(groupElement("user_data"));
    static final long SQE_BUF_INDEX = SQE.byteOffset(groupElement("buf_index"));

    static final long CQE_SIZE = CQE.byteSize();
    static final long CQE_USER_DATA = CQE.byteOffset(groupElement("user_data"));
    static final long CQE_RES = CQE.byteOffset(groupElement("res"));

    static final long IOVEC_SIZE = IOVEC.byteSize();
    static final long IOVEC_BASE = IOVEC.byteOffset(groupElement("iov_base"));
    static final long IOVEC_LEN = IOVEC.byteOffset(groupElement("iov_len"));

    static final long PROBE_SIZE = PROBE.byteSize();
    static final long PROBE_LAST_OP = PROBE.byteOffset(groupElement("last_op"));
    static final long PROBE_OPS_LEN = PROBE.byteOffset(groupElement("ops_len"));
    static final long PROBE_OP_SIZE = PROBE_OP.byteSize();
    static final long PROBE_OP_FLAGS = PROBE_OP.byteOffset(groupElement("flags"));

    /** mmap offsets selecting what a mapping of the ring fd shows. */
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    /** {@code io_uring_params.features}: SQ and CQ rings share one mapping (Linux 5.4+). */
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    static final int IORING_FEAT_NODROP = 1 << 1;

    static final byte IORING_OP_NOP = 0;
    static final byte IORING_OP_FSYNC = 3;
    static final byte IORING_OP_READ_FIXED = 4;
    static final byte IORING_OP_WRITE_FIXED = 5;
    static final byte IORING_OP_READ = 22;
    static final byte IORING_OP_WRITE = 23;

    /** SQE flag: the next SQE starts only after this one completes successfully. */
    static final byte IOSQE_IO_DRAIN = 1 << 1;
    static final byte IOSQE_IO_LINK = 1 << 2;

    /** {@code fsync_flags}: fdatasync semantics. */
    static final int IORING_FSYNC_DATASYNC = 1;

    /** {@code rw_flags}: per-write O_DSYNC. */
    static final int RWF_DSYNC = 0x2;

    static final int IORING_ENTER_GETEVENTS = 1;

    static final int IORING_REGISTER_BUFFERS = 0;
    static final int IORING_UNREGISTER_BUFFERS = 1;
    static final int IORING_REGISTER_PROBE = 8;

    /** {@code io_uring_probe_op.flags}: the opcode is supported. */
    static final int IO_URING_OP_SUPPORTED = 1;

    private UringDescriptor() {
    }
}
