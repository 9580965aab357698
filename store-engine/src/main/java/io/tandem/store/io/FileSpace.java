package io.tandem.store.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Gives a range of a file its disk blocks before the store writes there through a memory mapping.
 *
 * <p>A write into an unallocated part (a hole) of a mapped file makes the kernel allocate a block at that moment;
 * on a full file system it cannot, and the process gets SIGBUS, which the JVM turns into an {@link InternalError}
 * at the faulting access or, from compiled code, somewhat later. {@code fallocate(2)} allocates the blocks up front
 * ({@code FALLOC_FL_KEEP_SIZE}: the file's size never changes; new blocks read as zeros, data already there is left
 * untouched), so running out of space becomes an {@link IOException} naming the file, thrown before anything is
 * written.
 *
 * <p>Where the call is not available (another operating system, a file system without {@code fallocate}) the
 * range stays sparse, as before, and one warning says so.
 */
public final class FileSpace {

    private static final Logger LOG = LoggerFactory.getLogger(FileSpace.class);

    private static final int O_RDWR = 02;
    private static final int O_CLOEXEC = 02000000;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int ENOSPC = 28;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;
    private static final int EDQUOT = 122;

    private static final Native NATIVE = Native.load();
    private static volatile boolean warned;

    private FileSpace() {
    }

    /**
     * Allocates the blocks of {@code [offset, offset + length)} of the existing {@code file}.
     *
     * @throws IOException naming the file, with "no space left on device" (see {@link OutOfSpace}) when the file
     *                     system is full, or the other error the call reported
     */
    public static void allocate(Path file, long offset, long length) throws IOException {
        if (length <= 0) {
            return;
        }
        if (NATIVE == null) {
            warnUnsupported(file, "fallocate is not available on this platform");
            return;
        }
        int errno = NATIVE.allocate(file.toAbsolutePath().toString(), offset, length);
        if (errno == 0) {
            return;
        }
        if (errno == EOPNOTSUPP || errno == ENOSYS) {
            warnUnsupported(file, "the file system does not support fallocate");
            return;
        }
        String reason = switch (errno) {
            case ENOSPC -> "ENOSPC (no space left on device)";
            case EDQUOT -> "EDQUOT (disk quota exceeded)";
            default -> "errno " + errno;
        };
        throw new IOException("cannot allocate " + length + " bytes of " + file + " at offset " + offset + ": " + reason);
    }

    private static void warnUnsupported(Path file, String why) {
        if (!warned) {
            warned = true;
            LOG.warn("{} ({}): memory-mapped store files stay sparse, so a full disk can fail a write into them "
                    + "with a memory fault instead of an error", why, file);
        }
    }

    /** The libc calls, bound once; null where they are missing. */
    private record Native(MethodHandle open, MethodHandle fallocate, MethodHandle close) {

        private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        @SuppressWarnings("restricted")
        static Native load() {
            try {
                Linker linker = Linker.nativeLinker();
                Linker.Option errno = Linker.Option.captureCallState("errno");
                Optional<MemorySegment> open = linker.defaultLookup().find("open");
                Optional<MemorySegment> fallocate = linker.defaultLookup().find("fallocate");
                Optional<MemorySegment> close = linker.defaultLookup().find("close");
                if (open.isEmpty() || fallocate.isEmpty() || close.isEmpty()) {
                    return null;
                }
                return new Native(
                        linker.downcallHandle(open.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                                errno),
                        linker.downcallHandle(fallocate.get(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), errno),
                        linker.downcallHandle(close.get(), FunctionDescriptor.of(JAVA_INT, JAVA_INT)));
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("fallocate binding unavailable", e);
                return null;
            }
        }

        /** @return 0, or the errno of the open or fallocate that failed */
        int allocate(String path, long offset, long length) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
                int fd = (int) open.invokeExact(state, arena.allocateFrom(path), O_RDWR | O_CLOEXEC);
                if (fd < 0) {
                    throw new IOException("cannot open " + path + " to allocate its blocks: errno " + errno(state));
                }
                try {
                    int result = (int) fallocate.invokeExact(state, fd, FALLOC_FL_KEEP_SIZE, offset, length);
                    return result == 0 ? 0 : errno(state);
                } finally {
                    int ignored = (int) close.invokeExact(fd);
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("unexpected checked exception from a native call", t);
            }
        }

        private static int errno(MemorySegment state) {
            return (int) ERRNO.get(state, 0L);
        }
    }
}
