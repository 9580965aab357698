package io.tandem.store.recovery;

import io.tandem.store.io.FileSpace;
import io.tandem.store.io.Fsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The store's checkpoint: how far the commit log is known durable and how far derived data is flushed.
 *
 * <p>The file has two slots, written alternately, so a torn or damaged write of one leaves the other intact;
 * the valid slot with the higher sequence wins. Layout of a slot (little-endian):
 *
 * <pre>
 *  +------------------+------------------+----------------------------------+
 *  | magic (i32)      | clean (i32)      | sequence (i64)                   |  0
 *  +------------------+------------------+----------------------------------+
 *  | durable position (i64)              | dispatched position (i64)        | 16
 *  +-------------------------------------+------------------+---------------+
 *  | log min position (i64)              | reserved (i32)   | CRC32C [0,44) | 32
 *  +-------------------------------------+------------------+---------------+
 * </pre>
 */
public final class Checkpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final int MAGIC = 0x31504E54; // "TNP1"
    private static final int SLOT_LENGTH = 48;
    private static final int SLOT_SPACING = 512;
    private static final int CRC_OFFSET = 44;

    /** What a checkpoint says. */
    public record State(long sequence, boolean clean, long durablePosition, long dispatchedPosition, long logMinPosition) {
        public static final State EMPTY = new State(0, true, 0, 0, 0);
    }

    private final Path path;
    private final FileChannel channel;
    private State last;

    private Checkpoint(Path path, FileChannel channel, State last) {
        this.path = path;
        this.channel = channel;
        this.last = last;
    }

    /**
     * Opens the checkpoint file, creating it when absent.
     *
     * @return the checkpoint; {@link #recovered()} is empty when the file exists but neither slot is valid
     */
    public static Checkpoint open(Path path) throws IOException {
        boolean existed = Files.exists(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        State best = null;
        if (existed) {
            for (int slot = 0; slot < 2; slot++) {
                Optional<State> state = readSlot(channel, slot);
                if (state.isPresent() && (best == null || state.get().sequence() > best.sequence())) {
                    best = state.get();
                }
            }
            if (best == null) {
                LOG.warn("checkpoint {} is damaged in both slots", path);
            }
        } else {
            best = State.EMPTY;
            Fsync.directory(path.toAbsolutePath().getParent());
        }
        try {
            // Writing a checkpoint then never needs a new block, even on a full disk.
            FileSpace.allocate(path, 0, SLOT_SPACING + SLOT_LENGTH);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new Checkpoint(path, channel, best);
    }

    /** The state read at open, or empty if the file was damaged. */
    public Optional<State> recovered() {
        return Optional.ofNullable(last);
    }

    public Path path() {
        return path;
    }

    /** Writes and syncs a new checkpoint into the older slot. */
    public synchronized void write(boolean clean, long durablePosition, long dispatchedPosition, long logMinPosition) throws IOException {
        long sequence = (last == null ? 0 : last.sequence()) + 1;
        ByteBuffer buffer = ByteBuffer.allocate(SLOT_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(clean ? 1 : 0).putLong(sequence).putLong(durablePosition)
                .putLong(dispatchedPosition).putLong(logMinPosition).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, CRC_OFFSET);
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        long offset = (sequence % 2) * SLOT_SPACING;
        while (buffer.hasRemaining()) {
            offset += channel.write(buffer, offset);
        }
        channel.force(false);
        last = new State(sequence, clean, durablePosition, dispatchedPosition, logMinPosition);
    }

    private static Optional<State> readSlot(FileChannel channel, int slot) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(SLOT_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        long offset = (long) slot * SLOT_SPACING;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                return Optional.empty();
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, CRC_OFFSET);
        if (buffer.getInt(0) != MAGIC || buffer.getInt(CRC_OFFSET) != (int) crc.getValue()) {
            return Optional.empty();
        }
        return Optional.of(new State(buffer.getLong(8), buffer.getInt(4) == 1, buffer.getLong(16), buffer.getLong(24),
                buffer.getLong(32)));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

}
