package io.tandem.bench.e2e;

import io.tandem.store.io.IoEngineKind;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker configured one way and the client that drives it, named by a label used on the command line and in the
 * results: {@code rocketmq}, {@code kafka}, {@code tandem-<engine>} (driven by the RocketMQ client) or
 * {@code tandem-<engine>-tandemclient} (driven by Tandem's own client), with engine {@code uring}, {@code pagecache}
 * or {@code mmap}. A Tandem target driven by the RocketMQ client may add {@code +signed} and {@code +tls} (see
 * {@link Security}), e.g. {@code tandem-uring+signed+tls}. A Tandem target driven by the RocketMQ client may end in
 * {@code -<n>group} or {@code -<n>groups} instead (e.g. {@code tandem-uring-2groups}): a stand-alone name server and
 * {@code n} broker groups of one broker each, registering with it, over which the topic's queues are spread; without
 * it the target is one broker with its embedded name server.
 *
 * @param broker   the broker
 * @param ioEngine the commit log's I/O engine: for Tandem only, null otherwise
 * @param client   the client library
 * @param security signatures and TLS between client and broker: {@link Security#NONE} except for Tandem driven by
 *                 the RocketMQ client
 * @param groups   broker groups behind a stand-alone name server; 0 for one broker with its embedded name server
 *                 (the only choice for the other brokers and for Tandem's own client)
 */
public record Target(BrokerKind broker, IoEngineKind ioEngine, ClientKind client, Security security, int groups) {

    /** The targets of a comparison unless told otherwise. */
    public static final List<String> DEFAULT_LABELS = List.of("tandem-uring", "rocketmq", "kafka");

    private static final String TANDEM_CLIENT_SUFFIX = "-tandemclient";

    private static final Pattern GROUPS_SUFFIX = Pattern.compile("-([1-9][0-9]?)groups?$");

    /** Most broker groups a target may ask for: each is a JVM with a 1 GB heap on the measuring machine. */
    public static final int MAX_GROUPS = 8;

    public Target {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(security, "security");
        if (security != Security.NONE && (broker != BrokerKind.TANDEM || client != ClientKind.ROCKETMQ)) {
            throw new IllegalArgumentException("signatures and TLS are measured on Tandem driven by the RocketMQ "
                    + "client only");
        }
        if ((broker == BrokerKind.TANDEM) != (ioEngine != null)) {
            throw new IllegalArgumentException("an I/O engine is chosen for Tandem, and only for Tandem");
        }
        if (groups < 0 || groups > MAX_GROUPS) {
            throw new IllegalArgumentException("broker groups must be 0 (one broker, embedded name server) to " + MAX_GROUPS
                    + ", was " + groups);
        }
        if (groups > 0 && (broker != BrokerKind.TANDEM || client != ClientKind.ROCKETMQ || security != Security.NONE)) {
            throw new IllegalArgumentException("several broker groups are measured on Tandem driven by the RocketMQ "
                    + "client, without signatures or TLS, only");
        }
        if (ioEngine == IoEngineKind.AUTO) {
            throw new IllegalArgumentException("name the engine (uring, pagecache or mmap), not AUTO, so the label "
                    + "says what was measured");
        }
        boolean compatible = switch (broker) {
            case TANDEM -> client == ClientKind.ROCKETMQ || client == ClientKind.TANDEM;
            case ROCKETMQ -> client == ClientKind.ROCKETMQ;
            case KAFKA -> client == ClientKind.KAFKA;
        };
        if (!compatible) {
            throw new IllegalArgumentException(broker + " cannot be driven by the " + client + " client");
        }
    }

    public Target(BrokerKind broker, IoEngineKind ioEngine, ClientKind client, Security security) {
        this(broker, ioEngine, client, security, 0);
    }

    public Target(BrokerKind broker, IoEngineKind ioEngine, ClientKind client) {
        this(broker, ioEngine, client, Security.NONE);
    }

    /**
     * The target a label names.
     *
     * @throws IllegalArgumentException saying which labels exist
     */
    public static Target parse(String label) {
        String text = label.trim().toLowerCase(Locale.ROOT);
        if (text.equals("rocketmq")) {
            return new Target(BrokerKind.ROCKETMQ, null, ClientKind.ROCKETMQ);
        }
        if (text.equals("kafka")) {
            return new Target(BrokerKind.KAFKA, null, ClientKind.KAFKA);
        }
        if (text.startsWith("tandem-")) {
            ClientKind client = ClientKind.ROCKETMQ;
            String engine = text.substring("tandem-".length());
            int groups = 0;
            Matcher groupsSuffix = GROUPS_SUFFIX.matcher(engine);
            if (groupsSuffix.find()) {
                groups = Integer.parseInt(groupsSuffix.group(1));
                engine = engine.substring(0, groupsSuffix.start());
            }
            boolean tls = engine.endsWith(Security.TLS_SUFFIX);
            if (tls) {
                engine = engine.substring(0, engine.length() - Security.TLS_SUFFIX.length());
            }
            boolean signed = engine.endsWith(Security.SIGNED_SUFFIX);
            if (signed) {
                engine = engine.substring(0, engine.length() - Security.SIGNED_SUFFIX.length());
            }
            if (engine.endsWith(TANDEM_CLIENT_SUFFIX)) {
                client = ClientKind.TANDEM;
                engine = engine.substring(0, engine.length() - TANDEM_CLIENT_SUFFIX.length());
            }
            switch (engine) {
                case "uring", "pagecache", "mmap" -> {
                    return new Target(BrokerKind.TANDEM, IoEngineKind.valueOf(engine.toUpperCase(Locale.ROOT)), client,
                            Security.of(signed, tls), groups);
                }
                default -> {
                }
            }
        }
        throw new IllegalArgumentException("unknown target '" + label + "': use rocketmq, kafka, tandem-uring, "
                + "tandem-pagecache, tandem-mmap, or one of the tandem ones followed by " + TANDEM_CLIENT_SUFFIX
                + " or by " + Security.SIGNED_SUFFIX + ", " + Security.TLS_SUFFIX + " or both, or by -<n>groups (e.g. "
                + "tandem-uring-2groups)");
    }

    public String label() {
        return switch (broker) {
            case ROCKETMQ -> "rocketmq";
            case KAFKA -> "kafka";
            case TANDEM -> "tandem-" + ioEngine.name().toLowerCase(Locale.ROOT)
                    + (client == ClientKind.TANDEM ? TANDEM_CLIENT_SUFFIX : "") + security.suffix()
                    + (groups == 0 ? "" : "-" + groups + (groups == 1 ? "group" : "groups"));
        };
    }

    /** Whether this target can run {@code workload}: transactional messages go to Tandem and RocketMQ only. */
    public boolean supports(Workload workload) {
        return !workload.transactional() || broker != BrokerKind.KAFKA;
    }

    @Override
    public String toString() {
        return label();
    }
}
