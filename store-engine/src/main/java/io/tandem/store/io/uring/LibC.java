package io.tandem.store.io.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * FFM downcalls into libc: the raw io_uring system calls through the variadic {@code syscall(2)} wrapper, and
 * the few file and memory functions the engine needs. Every binding captures {@code errno}.
 *
 * <p>Convention: each method returns the call's non-negative result, or {@code -errno} on failure, the way the
 * kernel reports errors in completion entries. Only Linux on x86_64 is supported (flag values below are that
 * ABI's).
 */
final class LibC {

    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;

    static final int O_RDONLY = 0;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_DIRECT = 040000;
    static final int O_CLOEXEC = 02000000;

    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_SHARED = 0x01;
    static final int MAP_POPULATE = 0x8000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SYSCALL_SETUP = syscall(FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, ADDRESS));
    private static final MethodHandle SYSCALL_ENTER = syscall(FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
    private static final MethodHandle SYSCALL_REGISTER = syscall(FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));

    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle FDATASYNC = downcall("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FTRUNCATE = downcall("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));

    private LibC() {
    }

    /** Memory for one call's captured errno; the engine keeps one per ring for its hot path. */
    static MemorySegment allocateErrnoState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** {@code io_uring_setup(entries, params)}: the ring's file descriptor, or {@code -errno}. */
    static long ioUringSetup(int entries, MemorySegment params) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            long result = (long) SYSCALL_SETUP.invokeExact(state, SYS_IO_URING_SETUP, (long) entries, params);
            return result(result, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code io_uring_enter(fd, toSubmit, minComplete, flags, NULL, 0)}: the number of SQEs consumed, or
     * {@code -errno}. {@code state} receives errno; it must not be shared by concurrent callers.
     */
    static long ioUringEnter(MemorySegment state, int ringFd, int toSubmit, int minComplete, int flags) {
        try {
            long result = (long) SYSCALL_ENTER.invokeExact(state, SYS_IO_URING_ENTER, (long) ringFd,
                    (long) toSubmit, (long) minComplete, (long) flags, MemorySegment.NULL, 0L);
            return result(result, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code io_uring_register(fd, opcode, arg, nrArgs)}: the result, or {@code -errno}. */
    static long ioUringRegister(int ringFd, int opcode, MemorySegment arg, int nrArgs) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            long result = (long) SYSCALL_REGISTER.invokeExact(state, SYS_IO_URING_REGISTER, (long) ringFd,
                    (long) opcode, arg, (long) nrArgs);
            return result(result, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code open(path, flags, mode)}: a file descriptor, or {@code -errno}. */
    static long open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment cPath = arena.allocateFrom(path);
            int result = (int) OPEN.invokeExact(state, cPath, flags, mode);
            return result(result, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code close(fd)}: 0, or {@code -errno}. */
    static long close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int result = (int) CLOSE.invokeExact(state, fd);
            return result(result, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code mmap(NULL, length, prot, flags, fd, offset)}: the mapping's address, or {@code -errno}. Linux
     * user-space addresses fit in 47 bits, so a valid address is never negative.
     */
    static long mmap(long length, int prot, int flags, int fd, long offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot,
                    flags, fd, offset);
            return address.address() == -1L ? -errno(state) : address.address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code munmap(address, length)}: 0, or {@code -errno}. */
    static long munmap(long address, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int result = (int) MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length);
            return result(result, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code fdatasync(fd)}: 0, or {@code -errno}. */
    static long fdatasync(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int result = (int) FDATASYNC.invokeExact(state, fd);
            return result(result, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ftruncate(fd, length)}: 0, or {@code -errno}. */
    static long ftruncate(int fd, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int result = (int) FTRUNCATE.invokeExact(state, fd, length);
            return result(result, state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static long result(long result, MemorySegment state) {
        return result == -1 ? -errno(state) : result;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static MethodHandle syscall(FunctionDescriptor descriptor) {
        return downcall("syscall", descriptor, Linker.Option.firstVariadicArg(1));
    }

    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc function " + name + " not found"));
        return LINKER.downcallHandle(symbol, descriptor, all);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("unexpected checked exception from a native call", t);
    }
}
