package io.tandem.store.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The portable engine: positional {@link FileChannel} reads and writes through the kernel page cache, and
 * {@link FileChannel#force(boolean) force(false)} (fdatasync) for durability.
 */
public final class PageCacheIoEngine implements IoEngine {

    @Override
    public String name() {
        return "pagecache";
    }

    @Override
    public IoFile open(Path file, long capacity) throws IOException {
        return new PageCacheFile(file, Fsync.openSized(file, capacity), capacity);
    }

    @Override
    public void close() {
        // Nothing engine-wide to release.
    }

    private record PageCacheFile(Path path, FileChannel channel, long capacity) implements IoFile {

        @Override
        public void write(long fileOffset, MemorySegment source) throws IOException {
            checkRange("write", fileOffset, source.byteSize());
            ByteBuffer buffer = source.asByteBuffer();
            long offset = fileOffset;
            while (buffer.hasRemaining()) {
                offset += channel.write(buffer, offset);
            }
        }

        /** Nothing to do: a positional write returns once the kernel's page cache holds the bytes. */
        @Override
        public void handOff() {
        }

        @Override
        public void read(long fileOffset, MemorySegment destination) throws IOException {
            checkRange("read", fileOffset, destination.byteSize());
            ByteBuffer buffer = destination.asByteBuffer();
            long offset = fileOffset;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, offset);
                if (n < 0) {
                    throw new IOException("unexpected end of file " + path + " at offset " + offset);
                }
                offset += n;
            }
        }

        @Override
        public void force() throws IOException {
            channel.force(false);
        }

        @Override
        public void truncate(long fileOffset) throws IOException {
            checkRange("truncate", fileOffset, 0);
            channel.truncate(fileOffset);
            channel.write(ByteBuffer.allocate(1), capacity - 1);
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        private void checkRange(String operation, long fileOffset, long length) throws IOException {
            if (fileOffset < 0 || fileOffset + length > capacity) {
                throw new IOException(operation + " of " + length + " bytes at offset " + fileOffset
                        + " is outside " + path + " (capacity " + capacity + ")");
            }
        }
    }
}
