package io.tandem.store.io.uring;

/**
 * One I/O request handed to {@link Ring#run}: a read, a write or an fsync, and after the run its outcome.
 * A short read or write is continued by the ring, so a successful op has transferred all its bytes.
 */
final class Op {

    final String name;
    final byte opcode;
    final int fd;
    final int opFlags;
    final int bufferIndex;
    final long startOffset;
    final int startLength;

    long fileOffset;
    long address;
    int length;

    /** The op to start only once this one has completed successfully ({@code IOSQE_IO_LINK}), or null. */
    Op linkedTo;
    Op linkedFrom;
    /** Start only once every op submitted before it has completed ({@code IOSQE_IO_DRAIN}). */
    boolean drain;

    /** 0 while successful, else the errno of the failure. */
    int errno;
    String detail;
    boolean retry;
    /** True once the op has been continued after a short transfer (so it completed in more than one part). */
    boolean continued;

    private Op(String name, byte opcode, int fd, long fileOffset, long address, int length, int bufferIndex,
               int opFlags) {
        this.name = name;
        this.opcode = opcode;
        this.fd = fd;
        this.fileOffset = fileOffset;
        this.address = address;
        this.length = length;
        this.bufferIndex = bufferIndex;
        this.opFlags = opFlags;
        this.startOffset = fileOffset;
        this.startLength = length;
    }

    /** A read into native memory at {@code address}; {@code bufferIndex} is a registered buffer or -1. */
    static Op read(int fd, long fileOffset, long address, int length, int bufferIndex) {
        byte opcode = bufferIndex >= 0 ? UringDescriptor.IORING_OP_READ_FIXED : UringDescriptor.IORING_OP_READ;
        return new Op("read", opcode, fd, fileOffset, address, length, bufferIndex, 0);
    }

    /** A write from native memory; {@code dsync} adds {@code RWF_DSYNC}. */
    static Op write(int fd, long fileOffset, long address, int length, int bufferIndex, boolean dsync) {
        byte opcode = bufferIndex >= 0 ? UringDescriptor.IORING_OP_WRITE_FIXED : UringDescriptor.IORING_OP_WRITE;
        return new Op(dsync ? "write (RWF_DSYNC)" : "write", opcode, fd, fileOffset, address, length, bufferIndex,
                dsync ? UringDescriptor.RWF_DSYNC : 0);
    }

    /** An fsync of the whole file; {@code dataOnly} gives fdatasync semantics. */
    static Op fsync(int fd, boolean dataOnly) {
        return new Op(dataOnly ? "fdatasync" : "fsync", UringDescriptor.IORING_OP_FSYNC, fd, 0, 0, 0, -1,
                dataOnly ? UringDescriptor.IORING_FSYNC_DATASYNC : 0);
    }

    /** Makes {@code next} start only after this op succeeded; returns {@code next}. */
    Op link(Op next) {
        linkedTo = next;
        next.linkedFrom = this;
        return next;
    }

    /** Makes this op wait for everything submitted before it ({@code IOSQE_IO_DRAIN}); returns this op. */
    Op drained() {
        drain = true;
        return this;
    }

    boolean transfersData() {
        return opcode != UringDescriptor.IORING_OP_FSYNC && opcode != UringDescriptor.IORING_OP_NOP;
    }

    boolean failed() {
        return errno != 0;
    }

    /** Records the completion result {@code res}. */
    void complete(int res) {
        if (res < 0) {
            errno = -res;
            return;
        }
        if (!transfersData() || res == length) {
            length -= res;
            return;
        }
        if (res == 0 || res > length) {
            errno = Errno.EIO;
            detail = res == 0 ? "transferred 0 of " + length + " bytes (unexpected end of file?)"
                    : "transferred " + res + " of " + length + " bytes";
            return;
        }
        fileOffset += res;
        address += res;
        length -= res;
        retry = true;
        continued = true;
    }
}
