package io.tandem.store.io.uring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.store.io.uring.UringDescriptor.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One io_uring instance: the mmapped submission and completion rings, the SQE array, and the registered
 * buffers. {@link #run} submits a list of {@link Op}s and returns once every one of them has completed.
 *
 * <p>Not thread-safe: the owner serialises all use (the file's lock). Memory ordering follows the io_uring
 * protocol: the SQ tail and CQ head, written by us, are published with release stores; the SQ head and CQ tail,
 * written by the kernel, are read with acquire loads.
 */
final class Ring {

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int MAX_TRANSIENT_RETRIES = 1000;

    final int fd;
    final int sqEntries;
    final int cqEntries;
    final int features;

    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final boolean singleMmap;

    private final long sqHeadOffset;
    private final long sqTailOffset;
    private final int sqMask;
    private final long cqHeadOffset;
    private final long cqTailOffset;
    private final int cqMask;
    private final long cqesOffset;

    private final MemorySegment errnoState;

    private int sqTail;
    private int cqHead;
    private int serial;
    private boolean buffersRegistered;
    private boolean unusable;
    private boolean inFlightUnknown;
    private boolean closed;

    private Ring(int fd, MemorySegment params, Arena arena) throws ErrnoException {
        this.fd = fd;
        this.sqEntries = params.get(JAVA_INT, PARAMS_SQ_ENTRIES);
        this.cqEntries = params.get(JAVA_INT, PARAMS_CQ_ENTRIES);
        this.features = params.get(JAVA_INT, PARAMS_FEATURES);
        long sqOff = PARAMS_SQ_OFF;
        long cqOff = PARAMS_CQ_OFF;
        this.sqHeadOffset = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_HEAD));
        this.sqTailOffset = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_TAIL));
        long sqMaskOffset = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_RING_MASK));
        long sqArrayOffset = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_ARRAY));
        this.cqHeadOffset = Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_HEAD));
        this.cqTailOffset = Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_TAIL));
        long cqMaskOffset = Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_RING_MASK));
        this.cqesOffset = Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_CQES));

        long sqRingSize = sqArrayOffset + (long) sqEntries * Integer.BYTES;
        long cqRingSize = cqesOffset + (long) cqEntries * CQE_SIZE;
        this.singleMmap = (features & IORING_FEAT_SINGLE_MMAP) != 0;
        MemorySegment sq = null;
        MemorySegment cq = null;
        try {
            if (singleMmap) {
                sq = map(Math.max(sqRingSize, cqRingSize), IORING_OFF_SQ_RING, arena, "SQ/CQ rings");
                cq = sq;
            } else {
                sq = map(sqRingSize, IORING_OFF_SQ_RING, arena, "SQ ring");
                cq = map(cqRingSize, IORING_OFF_CQ_RING, arena, "CQ ring");
            }
            this.sqes = map(sqEntries * SQE_SIZE, IORING_OFF_SQES, arena, "SQE array");
        } catch (ErrnoException e) {
            if (sq != null) {
                LibC.munmap(sq.address(), sq.byteSize());
            }
            if (cq != null && cq != sq) {
                LibC.munmap(cq.address(), cq.byteSize());
            }
            throw e;
        }
        this.sqRing = sq;
        this.cqRing = cq;
        this.sqMask = sqRing.get(JAVA_INT, sqMaskOffset);
        this.cqMask = cqRing.get(JAVA_INT, cqMaskOffset);
        // Identity indirection: SQE slot i is always described by array[i].
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(JAVA_INT, sqArrayOffset + (long) i * Integer.BYTES, i);
        }
        this.sqTail = (int) INT.getAcquire(sqRing, sqTailOffset);
        this.cqHead = (int) INT.getAcquire(cqRing, cqHeadOffset);
        this.errnoState = LibC.allocateErrnoState(arena);
    }

    /**
     * Sets up a ring of at least {@code entries} submission entries; mappings are tied to {@code arena}, which
     * must outlive the ring.
     */
    static Ring create(int entries, Arena arena) throws ErrnoException {
        long fd;
        Ring ring;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment params = scratch.allocate(PARAMS);
            fd = LibC.ioUringSetup(entries, params);
            if (fd < 0) {
                throw new ErrnoException("io_uring_setup(" + entries + ") failed with "
                        + Errno.describe((int) -fd), (int) -fd);
            }
            try {
                ring = new Ring((int) fd, params, arena);
            } catch (ErrnoException | RuntimeException e) {
                LibC.close((int) fd);
                throw e;
            }
        }
        return ring;
    }

    @SuppressWarnings("restricted")
    private MemorySegment map(long size, long offset, Arena arena, String what) throws ErrnoException {
        long address = LibC.mmap(size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED | LibC.MAP_POPULATE, fd,
                offset);
        if (address < 0) {
            throw new ErrnoException("mmap of the io_uring " + what + " (" + size + " bytes) failed with "
                    + Errno.describe((int) -address), (int) -address);
        }
        return MemorySegment.ofAddress(address).reinterpret(size, arena, null);
    }

    /**
     * Lists the opcodes among {@code opcodes} the kernel does not support, using {@code IORING_REGISTER_PROBE}.
     *
     * @throws ErrnoException if the kernel cannot be probed (before Linux 5.6)
     */
    List<Byte> unsupportedOpcodes(byte... opcodes) throws ErrnoException {
        try (Arena scratch = Arena.ofConfined()) {
            int maxOps = 256;
            MemorySegment probe = scratch.allocate(PROBE_SIZE + maxOps * PROBE_OP_SIZE, 8);
            long result = LibC.ioUringRegister(fd, IORING_REGISTER_PROBE, probe, maxOps);
            if (result < 0) {
                throw new ErrnoException("IORING_REGISTER_PROBE failed with " + Errno.describe((int) -result),
                        (int) -result);
            }
            int opsLen = Byte.toUnsignedInt(probe.get(JAVA_BYTE, PROBE_OPS_LEN));
            List<Byte> missing = new ArrayList<>();
            for (byte opcode : opcodes) {
                boolean supported = opcode < opsLen
                        && (probe.get(JAVA_SHORT, PROBE_SIZE + opcode * PROBE_OP_SIZE + PROBE_OP_FLAGS)
                        & IO_URING_OP_SUPPORTED) != 0;
                if (!supported) {
                    missing.add(opcode);
                }
            }
            return missing;
        }
    }

    /**
     * Registers {@code buffers} as the ring's fixed buffers (indexes in list order), replacing any earlier set.
     * Must only be called with nothing in flight.
     *
     * @return 0, or {@code -errno} if the kernel refused (e.g. {@code ENOMEM} over RLIMIT_MEMLOCK); then no
     *         buffer is registered
     */
    long registerBuffers(List<MemorySegment> buffers) {
        unregisterBuffers();
        if (buffers.isEmpty()) {
            return 0;
        }
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment iovecs = scratch.allocate(IOVEC, buffers.size());
            for (int i = 0; i < buffers.size(); i++) {
                iovecs.set(JAVA_LONG, i * IOVEC_SIZE + IOVEC_BASE, buffers.get(i).address());
                iovecs.set(JAVA_LONG, i * IOVEC_SIZE + IOVEC_LEN, buffers.get(i).byteSize());
            }
            long result = LibC.ioUringRegister(fd, IORING_REGISTER_BUFFERS, iovecs, buffers.size());
            buffersRegistered = result >= 0;
            return Math.min(result, 0);
        }
    }

    /** Drops the registered buffers, if any; returns 0 or {@code -errno}. */
    long unregisterBuffers() {
        if (!buffersRegistered) {
            return 0;
        }
        buffersRegistered = false;
        return Math.min(LibC.ioUringRegister(fd, IORING_UNREGISTER_BUFFERS, MemorySegment.NULL, 0), 0);
    }

    /**
     * Submits all of {@code ops} and waits until each has completed, continuing short transfers. Afterwards each
     * op's {@link Op#errno} tells whether it succeeded. When the submission queue is full it submits what it has,
     * reaps completions and goes on; ops chained with {@link Op#link} are always submitted in one batch.
     *
     * @throws ErrnoException if {@code io_uring_enter} itself fails; the ring is then unusable
     */
    void run(List<Op> ops) throws ErrnoException {
        if (unusable || closed) {
            throw new ErrnoException("the io_uring instance is " + (closed ? "closed" : "unusable after an earlier "
                    + "io_uring_enter failure"), Errno.EBADF);
        }
        List<Op> round = ops;
        while (!round.isEmpty()) {
            runRound(round);
            List<Op> again = new ArrayList<>();
            for (Op op : round) {
                if (op.retry) {
                    again.add(op);
                } else if (op.errno == Errno.ECANCELED && op.linkedFrom != null && op.linkedFrom.retry) {
                    // Cancelled only because its predecessor was short: it runs again after the remainder.
                    op.errno = 0;
                    again.add(op);
                }
            }
            for (Op op : again) {
                op.retry = false;
            }
            round = again;
        }
    }

    private void runRound(List<Op> ops) throws ErrnoException {
        long batch = Integer.toUnsignedLong(++serial);
        int count = ops.size();
        int next = 0;
        int unsubmitted = 0;
        int inFlight = 0;
        int transientFailures = 0;
        while (next < count || unsubmitted > 0 || inFlight > 0) {
            while (next < count) {
                int chain = chainLength(ops, next);
                if (chain > sqEntries) {
                    throw new IllegalStateException("a chain of " + chain + " ops exceeds the ring's "
                            + sqEntries + " entries");
                }
                if (freeSqEntries() < chain || inFlight + unsubmitted + chain > cqEntries) {
                    break;
                }
                for (int i = 0; i < chain; i++) {
                    prepare(ops.get(next + i), (batch << 32) | (next + i), i < chain - 1);
                }
                next += chain;
                unsubmitted += chain;
            }
            INT.setRelease(sqRing, sqTailOffset, sqTail);
            long result = LibC.ioUringEnter(errnoState, fd, unsubmitted, 1, IORING_ENTER_GETEVENTS);
            if (result >= 0) {
                unsubmitted -= (int) result;
                inFlight += (int) result;
            } else {
                int errno = (int) -result;
                boolean transientFailure = errno == Errno.EINTR || errno == Errno.EAGAIN || errno == Errno.EBUSY;
                if (!transientFailure || (inFlight == 0 && ++transientFailures > MAX_TRANSIENT_RETRIES)) {
                    drain(ops, batch, inFlight);
                    unusable = true;
                    throw new ErrnoException("io_uring_enter failed with " + Errno.describe(errno), errno);
                }
                if (inFlight == 0) {
                    Thread.yield();
                } else if (errno != Errno.EINTR) {
                    // Out of kernel resources for new submissions: let some in-flight work finish first.
                    LibC.ioUringEnter(errnoState, fd, 0, 1, IORING_ENTER_GETEVENTS);
                }
            }
            inFlight -= reap(ops, batch);
        }
    }

    /** Waits for {@code inFlight} completions after a failed enter, so no buffer is still in use. */
    private void drain(List<Op> ops, long batch, int inFlight) {
        int failures = 0;
        int remaining = inFlight;
        while (remaining > 0 && failures < MAX_TRANSIENT_RETRIES) {
            long result = LibC.ioUringEnter(errnoState, fd, 0, 1, IORING_ENTER_GETEVENTS);
            if (result < 0 && result != -Errno.EINTR) {
                failures++;
            }
            remaining -= reap(ops, batch);
        }
        if (remaining > 0) {
            inFlightUnknown = true;
        }
    }

    private static int chainLength(List<Op> ops, int start) {
        int length = 1;
        while (start + length < ops.size() && ops.get(start + length - 1).linkedTo == ops.get(start + length)) {
            length++;
        }
        return length;
    }

    private int freeSqEntries() {
        int head = (int) INT.getAcquire(sqRing, sqHeadOffset);
        return sqEntries - (sqTail - head);
    }

    private void prepare(Op op, long userData, boolean link) {
        long base = (long) (sqTail & sqMask) * SQE_SIZE;
        sqes.asSlice(base, SQE_SIZE).fill((byte) 0);
        sqes.set(JAVA_BYTE, base + SQE_OPCODE, op.opcode);
        int flags = (link ? IOSQE_IO_LINK : 0) | (op.drain ? IOSQE_IO_DRAIN : 0);
        sqes.set(JAVA_BYTE, base + SQE_FLAGS, (byte) flags);
        sqes.set(JAVA_INT, base + SQE_FD, op.fd);
        sqes.set(JAVA_LONG, base + SQE_OFF, op.fileOffset);
        sqes.set(JAVA_LONG, base + SQE_ADDR, op.address);
        sqes.set(JAVA_INT, base + SQE_LEN, op.length);
        sqes.set(JAVA_INT, base + SQE_RW_FLAGS, op.opFlags);
        sqes.set(JAVA_LONG, base + SQE_USER_DATA, userData);
        if (op.bufferIndex >= 0) {
            sqes.set(JAVA_SHORT, base + SQE_BUF_INDEX, (short) op.bufferIndex);
        }
        sqTail++;
    }

    /** Consumes all available completions; returns how many belonged to {@code batch}. */
    private int reap(List<Op> ops, long batch) {
        int tail = (int) INT.getAcquire(cqRing, cqTailOffset);
        int reaped = 0;
        while (cqHead != tail) {
            long entry = cqesOffset + (long) (cqHead & cqMask) * CQE_SIZE;
            long userData = cqRing.get(JAVA_LONG, entry + CQE_USER_DATA);
            int res = cqRing.get(JAVA_INT, entry + CQE_RES);
            cqHead++;
            if ((userData >>> 32) == batch) {
                ops.get((int) userData).complete(res);
                reaped++;
            }
        }
        INT.setRelease(cqRing, cqHeadOffset, cqHead);
        return reaped;
    }

    /**
     * True if an enter failure left operations whose completion was never seen: their buffers may still be
     * written by the kernel, so the owner must not free them.
     */
    boolean inFlightUnknown() {
        return inFlightUnknown;
    }

    /** Unregisters buffers, unmaps the rings and closes the ring descriptor. Idempotent. */
    void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<String> failures = new ArrayList<>();
        long result = unregisterBuffers();
        if (result < 0) {
            failures.add("IORING_UNREGISTER_BUFFERS: " + Errno.name((int) -result));
        }
        result = LibC.munmap(sqes.address(), sqes.byteSize());
        if (result < 0) {
            failures.add("munmap of the SQE array: " + Errno.name((int) -result));
        }
        result = LibC.munmap(sqRing.address(), sqRing.byteSize());
        if (result < 0) {
            failures.add("munmap of the SQ ring: " + Errno.name((int) -result));
        }
        if (!singleMmap) {
            result = LibC.munmap(cqRing.address(), cqRing.byteSize());
            if (result < 0) {
                failures.add("munmap of the CQ ring: " + Errno.name((int) -result));
            }
        }
        result = LibC.close(fd);
        if (result < 0) {
            failures.add("close of the ring fd: " + Errno.name((int) -result));
        }
        if (!failures.isEmpty()) {
            throw new IOException("closing the io_uring instance failed: " + String.join(", ", failures));
        }
    }
}
