package io.tandem.client.consumer;

import io.tandem.protocol.body.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Properties;

/**
 * Offsets of a broadcasting consumer, which every member tracks for itself: in memory, and in
 * {@code <directory>/<group>/offsets.properties} (one line per queue, {@code topic@broker@queueId=offset}) when a
 * directory is configured. The file is replaced atomically on every persist, so a crash leaves the previous or the
 * new version.
 */
final class LocalOffsetStore extends OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(LocalOffsetStore.class);

    private final Path file;
    private final Properties persisted = new Properties();

    /**
     * @param directory where offsets are kept, or null for memory only
     * @throws UncheckedIOException if the existing file cannot be read
     */
    LocalOffsetStore(Path directory, String group) {
        this.file = directory == null ? null : directory.resolve(group).resolve("offsets.properties");
        if (file != null && Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                persisted.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read local offsets " + file, e);
            }
        }
    }

    @Override
    long readPersisted(MessageQueue queue) {
        long inMemory = inMemory(queue);
        if (inMemory >= 0) {
            return inMemory;
        }
        String value;
        synchronized (persisted) {
            value = persisted.getProperty(key(queue));
        }
        if (value == null) {
            return NONE;
        }
        long offset = Long.parseLong(value);
        update(queue, offset, false);
        return offset;
    }

    @Override
    void persist(Collection<MessageQueue> queues) {
        persistAndWait(queues);
    }

    @Override
    void persistAndWait(Collection<MessageQueue> queues) {
        if (file == null) {
            return;
        }
        synchronized (persisted) {
            for (MessageQueue queue : queues) {
                long offset = inMemory(queue);
                if (offset >= 0) {
                    persisted.setProperty(key(queue), Long.toString(offset));
                }
            }
            try {
                Files.createDirectories(file.getParent());
                Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
                try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                    persisted.store(writer, null);
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warn("Cannot write local offsets {}: {}", file, e.toString());
            }
        }
    }

    private static String key(MessageQueue queue) {
        return queue.topic() + "@" + queue.brokerName() + "@" + queue.queueId();
    }
}
