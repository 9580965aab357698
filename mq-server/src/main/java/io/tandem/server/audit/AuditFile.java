package io.tandem.server.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The broker's audit trail on disk: {@link AuditRecord}s appended as JSON lines to {@value #FILE_NAME} in its
 * directory, forced to the device after every batch, and rotated by size: when the next line would take the file
 * past {@code maxFileBytes}, it becomes {@value #FILE_NAME}{@code .1} (the older ones {@code .2}, {@code .3}... up to
 * {@code keptFiles}; the oldest is deleted). Lines are only ever appended.
 *
 * <p>{@link #append} hands the record to one writer thread and returns at once, so that network threads never wait
 * for the disk; the record is on the device within one write and force of the writer. {@link #close} writes what is
 * queued and stops. Thread-safe.
 *
 * <p>Failure modes: a write that fails is logged with the number of records lost and the writer goes on with the
 * next; a queue that is full (the disk is that slow) drops the record and says so in the log.
 */
public final class AuditFile implements AutoCloseable {

    /** The name of the current file in the audit directory. */
    public static final String FILE_NAME = "audit.jsonl";
    /** The audit directory's name in the broker's data directory. */
    public static final String DIRECTORY_NAME = "audit";

    private static final Logger LOG = LoggerFactory.getLogger(AuditFile.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int QUEUE_CAPACITY = 65_536;
    private static final Object STOP = new Object();

    private final Path directory;
    private final long maxFileBytes;
    private final int keptFiles;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private FileChannel channel;
    private long size;

    /**
     * Opens (creating if needed) the audit file in {@code directory}, appending to what is there.
     *
     * @param maxFileBytes the size a file is rotated at, at least 4 KiB
     * @param keptFiles    how many rotated files are kept, at least 1
     */
    public AuditFile(Path directory, long maxFileBytes, int keptFiles) throws IOException {
        if (maxFileBytes < 4096) {
            throw new IllegalArgumentException("the audit file's maximum size must be at least 4096 bytes, was "
                    + maxFileBytes);
        }
        if (keptFiles < 1) {
            throw new IllegalArgumentException("at least one rotated audit file must be kept, was " + keptFiles);
        }
        this.directory = directory.toAbsolutePath().normalize();
        this.maxFileBytes = maxFileBytes;
        this.keptFiles = keptFiles;
        Files.createDirectories(this.directory);
        open();
        writer = Thread.ofPlatform().name("tandem-audit-writer").daemon().start(this::write);
    }

    /** The file records are appended to now. */
    public Path currentFile() {
        return directory.resolve(FILE_NAME);
    }

    /** Queues {@code record} for the writer; never blocks. */
    public void append(AuditRecord record) {
        if (!queue.offer(record)) {
            LOG.error("the audit queue is full ({} records waiting for the disk): dropped the record of {} by {}",
                    QUEUE_CAPACITY, record.request(), record.accessKey());
        }
    }

    /** Writes what is queued, forces it to the device, and closes the file. */
    @Override
    public void close() throws InterruptedException {
        queue.put(STOP);
        writer.join();
    }

    /**
     * Every record in the audit directory, oldest first: the rotated files from the highest number down, then the
     * current one. For tools and tests; the file may be appended to meanwhile.
     *
     * @throws UncheckedIOException if a file cannot be read or a line is not a record
     */
    public static List<AuditRecord> read(Path directory) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; Files.exists(directory.resolve(FILE_NAME + "." + i)); i++) {
            files.addFirst(directory.resolve(FILE_NAME + "." + i));
        }
        if (Files.exists(directory.resolve(FILE_NAME))) {
            files.add(directory.resolve(FILE_NAME));
        }
        List<AuditRecord> records = new ArrayList<>();
        for (Path file : files) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        records.add(JSON.readValue(line, AuditRecord.class));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the audit file " + file, e);
            } catch (JacksonException e) {
                throw new UncheckedIOException("the audit file " + file + " has a line that is not a record",
                        new IOException(e.getOriginalMessage()));
            }
        }
        return records;
    }

    private void open() throws IOException {
        channel = FileChannel.open(currentFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = channel.size();
    }

    private void write() {
        List<Object> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            queue.drainTo(batch);
            List<byte[]> lines = new ArrayList<>(batch.size());
            for (Object item : batch) {
                if (item == STOP) {
                    stopping = true;
                } else {
                    lines.add((JSON.writeValueAsString(item) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            batch.clear();
            try {
                for (byte[] line : lines) {
                    if (size > 0 && size + line.length > maxFileBytes) {
                        rotate();
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        size += channel.write(buffer);
                    }
                }
                if (!lines.isEmpty()) {
                    channel.force(false);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("could not write {} audit records to {}: {}", lines.size(), currentFile(), e.toString());
                reopen();
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("could not close the audit file {}: {}", currentFile(), e.toString());
        }
    }

    private void rotate() throws IOException {
        channel.force(false);
        channel.close();
        Files.deleteIfExists(directory.resolve(FILE_NAME + "." + keptFiles));
        for (int i = keptFiles - 1; i >= 1; i--) {
            Path older = directory.resolve(FILE_NAME + "." + i);
            if (Files.exists(older)) {
                Files.move(older, directory.resolve(FILE_NAME + "." + (i + 1)), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(currentFile(), directory.resolve(FILE_NAME + ".1"), StandardCopyOption.ATOMIC_MOVE);
        open();
    }

    private void reopen() {
        try {
            if (channel.isOpen()) {
                return;
            }
            open();
        } catch (IOException e) {
            LOG.error("could not reopen the audit file {}: {}", currentFile(), e.toString());
        }
    }
}
