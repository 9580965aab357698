package io.tandem.server.admin;

import io.tandem.protocol.ProtocolVersion;
import io.tandem.protocol.body.BrokerRuntimeKeys;
import io.tandem.protocol.body.KvTable;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.store.MessageStore;
import io.tandem.store.StoreStatus;
import io.tandem.store.StoredMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The figures a broker answers GET_BROKER_RUNTIME_INFO (28) with: identity and version, traffic totals and rates,
 * commit-log positions, disk use, connections. Keys and value formats are those RocketMQ's {@code mqadmin
 * brokerStatus} and {@code clusterList} and RocketMQ Dashboard read ({@link BrokerRuntimeKeys}).
 *
 * <p>Tandem serves sends and pulls on its network threads and parks long polls without a queue in front of them, and
 * its commit log has no page-cache lock: the thread-pool queue sizes, their head waits and the lock time are 0.
 * Thread-safe.
 */
public final class BrokerRuntimeInfo {

    private final MessageStore store;
    private final TrafficStats traffic;
    private final ClientRegistry clients;
    private final Path dataDirectory;
    private final String durability;
    private final Clock clock;
    private final long bootTimestamp;

    public BrokerRuntimeInfo(MessageStore store, TrafficStats traffic, ClientRegistry clients, Path dataDirectory,
                             String durability, Clock clock) {
        this.store = store;
        this.traffic = traffic;
        this.clients = clients;
        this.dataDirectory = dataDirectory;
        this.durability = durability;
        this.clock = clock;
        this.bootTimestamp = clock.millis();
    }

    /** Tandem's version as the build recorded it ({@code META-INF/build-info.properties}), or "development build". */
    public static String versionDescription() {
        return VERSION_DESCRIPTION;
    }

    private static final String VERSION_DESCRIPTION = "Tandem " + buildVersion();

    private static String buildVersion() {
        try (InputStream in = BrokerRuntimeInfo.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in != null) {
                Properties buildInfo = new Properties();
                buildInfo.load(in);
                String version = buildInfo.getProperty("build.version");
                if (version != null && !version.isBlank()) {
                    return version;
                }
            }
        } catch (IOException e) {
            // An unreadable build record only costs the version number.
        }
        return "development build";
    }

    public KvTable table() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put(BrokerRuntimeKeys.BROKER_ACTIVE, "true");
        table.put(BrokerRuntimeKeys.BROKER_VERSION_DESC, versionDescription());
        table.put(BrokerRuntimeKeys.BROKER_VERSION, Integer.toString(ProtocolVersion.CURRENT));
        table.put(BrokerRuntimeKeys.BOOT_TIMESTAMP, Long.toString(bootTimestamp));
        table.put(BrokerRuntimeKeys.RUNTIME, runtime(Duration.ofMillis(clock.millis() - bootTimestamp)));

        TrafficStats.Snapshot now = traffic.snapshot();
        table.put(BrokerRuntimeKeys.MSG_PUT_TOTAL_YESTERDAY_MORNING, Long.toString(now.putYesterdayMorning()));
        table.put(BrokerRuntimeKeys.MSG_PUT_TOTAL_TODAY_MORNING, Long.toString(now.putTodayMorning()));
        table.put(BrokerRuntimeKeys.MSG_PUT_TOTAL_TODAY_NOW, Long.toString(now.putTotal()));
        table.put(BrokerRuntimeKeys.MSG_GET_TOTAL_YESTERDAY_MORNING, Long.toString(now.getYesterdayMorning()));
        table.put(BrokerRuntimeKeys.MSG_GET_TOTAL_TODAY_MORNING, Long.toString(now.getTodayMorning()));
        table.put(BrokerRuntimeKeys.MSG_GET_TOTAL_TODAY_NOW, Long.toString(now.getTotal()));
        table.put(BrokerRuntimeKeys.PUT_TPS, now.putTps().text());
        table.put(BrokerRuntimeKeys.GET_TRANSFERRED_TPS, now.getTps().text());
        table.put(BrokerRuntimeKeys.PUT_MESSAGE_TIMES_TOTAL, Long.toString(now.putTotal()));
        table.put(BrokerRuntimeKeys.PUT_MESSAGE_SIZE_TOTAL, Long.toString(now.putBytes()));
        table.put(BrokerRuntimeKeys.PUT_MESSAGE_AVERAGE_SIZE, now.putTotal() == 0 ? "0.0"
                : String.format(Locale.ROOT, "%.1f", (double) now.putBytes() / now.putTotal()));

        StoreStatus status = store.status();
        table.put(BrokerRuntimeKeys.EARLIEST_MESSAGE_TIMESTAMP, Long.toString(earliestMessageTimestamp(status)));
        table.put(BrokerRuntimeKeys.COMMIT_LOG_MIN_OFFSET, Long.toString(status.minPosition()));
        table.put(BrokerRuntimeKeys.COMMIT_LOG_MAX_OFFSET, Long.toString(status.writePosition()));
        table.put(BrokerRuntimeKeys.DISPATCH_BEHIND_BYTES,
                Long.toString(Math.max(0, status.writePosition() - status.dispatchedPosition())));
        table.put(BrokerRuntimeKeys.REMAIN_HOW_MANY_DATA_TO_FLUSH,
                bytes(Math.max(0, status.writePosition() - status.durablePosition())));
        FileStore disk = fileStore();
        try {
            long total = disk.getTotalSpace();
            long free = disk.getUsableSpace();
            table.put(BrokerRuntimeKeys.COMMIT_LOG_DISK_RATIO, total == 0 ? "0.0"
                    : String.format(Locale.ROOT, "%.4f", (double) (total - free) / total));
            table.put(BrokerRuntimeKeys.COMMIT_LOG_DIR_CAPACITY, "Total : " + bytes(total) + ", Free : "
                    + bytes(free) + ".");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of the file system of " + dataDirectory, e);
        }

        for (String idle : new String[]{BrokerRuntimeKeys.SEND_THREAD_POOL_QUEUE_SIZE,
                BrokerRuntimeKeys.SEND_THREAD_POOL_QUEUE_HEAD_WAIT_TIME_MILLS,
                BrokerRuntimeKeys.PULL_THREAD_POOL_QUEUE_SIZE,
                BrokerRuntimeKeys.PULL_THREAD_POOL_QUEUE_HEAD_WAIT_TIME_MILLS,
                BrokerRuntimeKeys.PAGE_CACHE_LOCK_TIME_MILLS}) {
            table.put(idle, "0");
        }
        table.put(BrokerRuntimeKeys.IO_ENGINE, status.ioEngine());
        table.put(BrokerRuntimeKeys.DURABILITY, durability);
        table.put(BrokerRuntimeKeys.CLIENT_CONNECTIONS, Integer.toString(clients.connectionCount()));
        return new KvTable(table);
    }

    private long earliestMessageTimestamp(StoreStatus status) {
        if (status.writePosition() <= status.minPosition()) {
            return 0;
        }
        Optional<StoredMessage> oldest = store.readByPosition(status.minPosition());
        return oldest.map(StoredMessage::storeTimestamp).orElse(0L);
    }

    private FileStore fileStore() {
        try {
            return Files.getFileStore(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the file system of " + dataDirectory, e);
        }
    }

    /** {@code [ d days, h hours, m minutes, s seconds ]}, as the reference writes the broker's running time. */
    static String runtime(Duration elapsed) {
        return "[ " + elapsed.toDays() + " days, " + elapsed.toHoursPart() + " hours, " + elapsed.toMinutesPart()
                + " minutes, " + elapsed.toSecondsPart() + " seconds ]";
    }

    /** Binary units with one decimal ({@code 512 B}, {@code 1.5 KiB}, {@code 20.0 GiB}), as the reference writes. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        int exponent = (int) (Math.log(count) / Math.log(1024));
        return String.format(Locale.ROOT, "%.1f %siB", count / Math.pow(1024, exponent),
                "KMGTPE".charAt(exponent - 1));
    }
}
