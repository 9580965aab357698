package io.tandem.console.web;

import io.tandem.protocol.body.BrokerRuntimeKeys;

import java.util.Map;

/**
 * What one broker reports of itself (GET_BROKER_RUNTIME_INFO, 28), as the overview shows it.
 *
 * @param diskRatio    used fraction of the file system of its data directory, 0 to 1, or null when not reported
 * @param diskCapacity its {@code Total : ..., Free : ...} text, or null
 * @param putTps       messages stored per second over the last 10 s, or null
 * @param getTps       messages handed to consumers per second over the last 10 s, or null
 * @param storeBytes   bytes of commit log kept, or null
 * @param version      the broker's version, or null
 * @param problem      why the broker could not be asked, or null
 */
public record BrokerRuntime(Double diskRatio, String diskCapacity, Double putTps, Double getTps, Long storeBytes,
                            String version, String problem) {

    /** A broker that did not answer. */
    static BrokerRuntime failed(String problem) {
        return new BrokerRuntime(null, null, null, null, null, null, problem);
    }

    /** Reads the keys the overview shows; a missing or malformed value is left out (null), not guessed. */
    static BrokerRuntime of(Map<String, String> table) {
        Long max = longOf(table.get(BrokerRuntimeKeys.COMMIT_LOG_MAX_OFFSET));
        Long min = longOf(table.get(BrokerRuntimeKeys.COMMIT_LOG_MIN_OFFSET));
        return new BrokerRuntime(doubleOf(table.get(BrokerRuntimeKeys.COMMIT_LOG_DISK_RATIO)),
                table.get(BrokerRuntimeKeys.COMMIT_LOG_DIR_CAPACITY),
                firstOf(table.get(BrokerRuntimeKeys.PUT_TPS)), firstOf(table.get(BrokerRuntimeKeys.GET_TRANSFERRED_TPS)),
                max != null && min != null ? Math.max(0, max - min) : null,
                table.get(BrokerRuntimeKeys.BROKER_VERSION_DESC), null);
    }

    /** Disk use in percent, one decimal, or null. */
    public String diskPercent() {
        return diskRatio == null ? null : String.format(java.util.Locale.ROOT, "%.1f", diskRatio * 100);
    }

    /** The first of the space-separated rates (the last 10 s). */
    private static Double firstOf(String rates) {
        if (rates == null || rates.isBlank()) {
            return null;
        }
        return doubleOf(rates.strip().split("\\s+")[0]);
    }

    private static Double doubleOf(String value) {
        try {
            return value == null ? null : Double.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longOf(String value) {
        try {
            return value == null ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
