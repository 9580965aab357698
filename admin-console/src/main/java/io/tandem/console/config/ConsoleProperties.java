package io.tandem.console.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The console's settings ({@code tandem.console.*}), validated once when bound.
 *
 * @param enabled        whether the console's pages are served
 * @param nameServers    name servers of the cluster, {@code host:port;host:port}; null inside tandem-app, which
 *                       gives its own broker's
 * @param coordinatorUrl base URL of a transaction coordinator's HTTP API ({@code http://host:port}), or null: no
 *                       transactions pages (inside tandem-app: this process's own coordinator)
 * @param sampleInterval how often the console samples the cluster's offsets for rates, lag and charts
 * @param history        how much sampled history is kept in memory for the charts
 * @param auditFile      file the console appends its audit trail to (one JSON object a line)
 * @param diskPath       a directory whose file system's use the overview shows (the broker's data directory), or
 *                       null when the console runs away from the brokers
 * @param pageSize       rows per page of the topic and group lists
 * @param coordinatorUsername the coordinator user the console signs in as (HTTP Basic; a user with the operator
 *                       role), or null when the coordinator asks for no login (inside tandem-app: its own account)
 * @param coordinatorPassword that user's password; required with {@code coordinatorUsername}
 */
@ConfigurationProperties("tandem.console")
public record ConsoleProperties(@DefaultValue("true") boolean enabled, String nameServers, URI coordinatorUrl,
                                @DefaultValue("10s") Duration sampleInterval, @DefaultValue("1h") Duration history,
                                @DefaultValue("./data/console/audit.jsonl") Path auditFile, Path diskPath,
                                @DefaultValue("100") int pageSize, String coordinatorUsername,
                                String coordinatorPassword) {

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public ConsoleProperties {
        if (sampleInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("tandem.console.sample-interval must be at least 100ms, was "
                    + sampleInterval);
        }
        if (history.compareTo(sampleInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("tandem.console.history must hold at least two samples ("
                    + sampleInterval.multipliedBy(2) + "), was " + history);
        }
        if (pageSize < 10 || pageSize > 10_000) {
            throw new IllegalArgumentException("tandem.console.page-size must be in [10, 10000], was " + pageSize);
        }
        if (coordinatorUrl != null && !("http".equals(coordinatorUrl.getScheme())
                || "https".equals(coordinatorUrl.getScheme()))) {
            throw new IllegalArgumentException("tandem.console.coordinator-url must be an http(s) URL, was "
                    + coordinatorUrl);
        }
        if (coordinatorUsername != null && coordinatorUsername.isBlank()) {
            coordinatorUsername = null;
        }
        if (coordinatorUsername != null && (coordinatorPassword == null || coordinatorPassword.isEmpty())) {
            throw new IllegalArgumentException("tandem.console.coordinator-password is required with "
                    + "tandem.console.coordinator-username (" + coordinatorUsername + ")");
        }
        if (nameServers != null && nameServers.isBlank()) {
            nameServers = null;
        }
    }

    /** Never shows the coordinator password. */
    @Override
    public String toString() {
        return "ConsoleProperties[enabled=" + enabled + ", nameServers=" + nameServers + ", coordinatorUrl="
                + coordinatorUrl + ", sampleInterval=" + sampleInterval + ", history=" + history + ", auditFile="
                + auditFile + ", diskPath=" + diskPath + ", pageSize=" + pageSize + ", coordinatorUsername="
                + coordinatorUsername + "]";
    }

    /** Samples kept: enough to cover {@link #history()}, plus one for the first rate. */
    public int samplesKept() {
        return (int) Math.min(100_000, history.toMillis() / sampleInterval.toMillis() + 1);
    }
}
