package io.tandem.server.admin;

import io.tandem.server.config.BrokerConfig;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.metadata.TopicResolver;
import io.tandem.server.trace.BrokerTraceRecorder;
import io.tandem.store.Durability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The broker's settings as GET_BROKER_CONFIG (26) reports them, under RocketMQ's names where one means the same
 * ({@code brokerName}, {@code autoCreateTopicEnable}, {@code flushDiskType}, ...) and Tandem's own otherwise, and the
 * few that UPDATE_BROKER_CONFIG (25) may change while the broker runs: switches whose effect is immediate and safe
 * ({@code autoCreateTopicEnable}, {@code autoCreateSubscriptionGroup}, {@code traceBrokerRecords}). A change lasts
 * until the broker stops; the configuration the broker starts with is not rewritten. Everything else is refused,
 * naming the setting. Thread-safe.
 */
public final class BrokerSettings {

    /** Why an update was refused. */
    public record Refusal(Kind kind, String message) {

        /** Unknown setting, a setting that cannot change at runtime, or an unusable value. */
        public enum Kind { UNKNOWN, FIXED, INVALID_VALUE }
    }

    private record Setting(String key, Supplier<String> value, Consumer<Boolean> update) {
    }

    private final Map<String, Setting> settings = new TreeMap<>();

    public BrokerSettings(BrokerConfig config, BrokerIdentity identity, String nameServerAddress,
                          TopicResolver resolver, BrokerTraceRecorder trace) {
        fixed("brokerClusterName", config.clusterName());
        fixed("brokerName", config.brokerName());
        fixed("brokerId", "0");
        fixed("brokerIP1", config.advertisedHost());
        fixed("listenPort", Integer.toString(identity.address().getPort()));
        fixed("namesrvAddr", nameServerAddress);
        fixed("brokerPermission", "6");
        fixed("storePathRootDir", config.storeDirectory().toString());
        fixed("flushDiskType", config.durability() == Durability.SYNC ? "SYNC_FLUSH" : "ASYNC_FLUSH");
        fixed("defaultTopicQueueNums", Integer.toString(config.defaultTopicQueueNums()));
        fixed("maxMessageSize", Integer.toString(config.maxMessageSize()));
        fixed("longPollingEnable", Boolean.toString(config.longPolling()));
        fixed("enablePropertyFilter", Boolean.toString(config.propertyFilter()));
        fixed("messageDelayLevel", delayLevels(config.delayLevels()));
        fixed("timerMaxDelaySec", Long.toString(config.maxTimerDelay().toSeconds()));
        fixed("transactionTimeOut", Long.toString(config.checkBack().timeout().toMillis()));
        fixed("transactionCheckMax", Integer.toString(config.checkBack().maxChecks()));
        fixed("msgTraceTopicName", config.trace().topic());
        fixed("traceTopicEnable", "true");
        fixed("adminTopicQueueNums", Integer.toString(config.adminTopicQueueNums()));
        fixed("defaultRetryMaxTimes", Integer.toString(config.defaultRetryMaxTimes()));
        fixed("maxPullMessages", Integer.toString(config.maxPullMessages()));
        fixed("maxPullBytes", Integer.toString(config.maxPullBytes()));
        fixed("maxLongPollingTimeMills", Long.toString(config.maxLongPollingTime().toMillis()));
        fixed("orderlyLockLeaseMills", Long.toString(config.orderlyLockLease().toMillis()));
        fixed("channelExpiryMills", Long.toString(config.channelExpiry().toMillis()));
        fixed("builtInCheckBack", Boolean.toString(config.builtInCheckBack()));
        fixed("checkBackMaxBackoffMills", Long.toString(config.checkBack().maxBackoff().toMillis()));
        fixed("checkBackEndOfChecks", config.checkBack().endOfChecks().name());
        changeable("autoCreateTopicEnable", () -> Boolean.toString(resolver.autoCreateTopics()),
                resolver::autoCreateTopics);
        changeable("autoCreateSubscriptionGroup", () -> Boolean.toString(resolver.autoCreateGroups()),
                resolver::autoCreateGroups);
        changeable("traceBrokerRecords", () -> Boolean.toString(trace.enabled()), trace::enabled);
    }

    /** Every setting and its current value, sorted by key. */
    public Map<String, String> current() {
        Map<String, String> values = new TreeMap<>();
        settings.forEach((key, setting) -> values.put(key, setting.value().get()));
        return values;
    }

    /** The settings that may change at runtime. */
    public Set<String> changeable() {
        Set<String> keys = new TreeSet<>();
        settings.forEach((key, setting) -> {
            if (setting.update() != null) {
                keys.add(key);
            }
        });
        return keys;
    }

    /**
     * Applies every change of {@code updates}, or none: each key must be a setting that may change at runtime and each
     * value must suit it.
     *
     * @return null when applied, else why not
     */
    public synchronized Refusal update(Map<String, String> updates) {
        List<Runnable> changes = new ArrayList<>();
        for (Map.Entry<String, String> entry : updates.entrySet()) {
            Setting setting = settings.get(entry.getKey());
            if (setting == null) {
                return new Refusal(Refusal.Kind.UNKNOWN, "unknown broker setting '" + entry.getKey() + "'");
            }
            if (setting.update() == null) {
                return new Refusal(Refusal.Kind.FIXED, "setting '" + entry.getKey() + "' cannot change while the "
                        + "broker runs (set it in the broker's configuration and restart); changeable at runtime: "
                        + String.join(", ", changeable()));
            }
            String value = entry.getValue().strip();
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                return new Refusal(Refusal.Kind.INVALID_VALUE, "setting '" + entry.getKey()
                        + "' must be true or false, was '" + entry.getValue() + "'");
            }
            boolean on = Boolean.parseBoolean(value);
            changes.add(() -> setting.update().accept(on));
        }
        changes.forEach(Runnable::run);
        return null;
    }

    private void fixed(String key, String value) {
        settings.put(key, new Setting(key, () -> value, null));
    }

    private void changeable(String key, Supplier<String> value, Consumer<Boolean> update) {
        settings.put(key, new Setting(key, value, update));
    }

    /** RocketMQ's form: {@code 1s 5s 10s 30s 1m 2m ... 2h}. */
    private static String delayLevels(List<Duration> levels) {
        List<String> texts = new ArrayList<>(levels.size());
        for (Duration level : levels) {
            long ms = level.toMillis();
            if (ms % 3_600_000 == 0) {
                texts.add(ms / 3_600_000 + "h");
            } else if (ms % 60_000 == 0) {
                texts.add(ms / 60_000 + "m");
            } else if (ms % 1000 == 0) {
                texts.add(ms / 1000 + "s");
            } else {
                texts.add(ms + "ms");
            }
        }
        return String.join(" ", texts);
    }
}
