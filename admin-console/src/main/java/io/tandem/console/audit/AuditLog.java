package io.tandem.console.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The console's audit trail: every change made through it (topics, offsets, dead-letter resends, transaction
 * decisions) appended as one JSON object a line to a file, and the newest {@value #KEPT} kept in memory for the
 * audit page. The file is read back at start, so the page survives a restart. Thread-safe.
 *
 * <p>An entry is written before the console answers the request that made the change; a write that fails is an
 * {@link UncheckedIOException} (the change was made, and the page says the audit write failed).
 */
public final class AuditLog {

    static final int KEPT = 500;

    private static final Logger LOG = LoggerFactory.getLogger("tandem.console.audit");
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path file;
    private final Clock clock;
    private final Deque<AuditEntry> newest = new ArrayDeque<>();

    public AuditLog(Path file, Clock clock) {
        this.file = file.toAbsolutePath().normalize();
        this.clock = clock;
        load();
    }

    /** Appends an entry stamped now and returns it. */
    public synchronized AuditEntry record(String actor, String action, String target, String detail,
                                          String outcome) {
        AuditEntry entry = new AuditEntry(clock.millis(), actor, action, target, detail, outcome);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("the audit trail " + file + " could not be written", e);
        }
        remember(entry);
        LOG.info("{} {} {} by {}: {} ({})", action, target, outcome, actor, detail, entry.atMs());
        return entry;
    }

    /** The newest entries, newest first. */
    public synchronized List<AuditEntry> newest(int max) {
        List<AuditEntry> entries = new ArrayList<>(Math.min(max, newest.size()));
        var descending = newest.descendingIterator();
        while (descending.hasNext() && entries.size() < max) {
            entries.add(descending.next());
        }
        return entries;
    }

    public Path file() {
        return file;
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        remember(JSON.readValue(line, AuditEntry.class));
                    } catch (RuntimeException e) {
                        LOG.warn("Skipping an unreadable line of the audit trail {}: {}", file, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the audit trail " + file + " could not be read", e);
        }
    }

    private void remember(AuditEntry entry) {
        newest.addLast(entry);
        while (newest.size() > KEPT) {
            newest.removeFirst();
        }
    }
}
