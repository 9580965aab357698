package io.tandem.bench.e2e;

import io.tandem.store.io.IoEngineKind;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A broker configured one way and the client that drives it, named by a label used on the command line and in the
 * results: {@code rocketmq}, {@code kafka}, {@code tandem-<engine>} (driven by the RocketMQ client) or
 * {@code tandem-<engine>-tandemclient} (driven by Tandem's own client), with engine {@code uring}, {@code pagecache}
 * or {@code mmap}.
 *
 * @param broker   the broker
 * @param ioEngine the commit log's I/O engine: for Tandem only, null otherwise
 * @param client   the client library
 */
public record Target(BrokerKind broker, IoEngineKind ioEngine, ClientKind client) {

    /** The targets of a comparison unless told otherwise. */
    public static final List<String> DEFAULT_LABELS = List.of("tandem-uring", "rocketmq", "kafka");

    private static final String TANDEM_CLIENT_SUFFIX = "-tandemclient";

    public Target {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(client, "client");
        if ((broker == BrokerKind.TANDEM) != (ioEngine != null)) {
            throw new IllegalArgumentException("an I/O engine is chosen for Tandem, and only for Tandem");
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
            if (engine.endsWith(TANDEM_CLIENT_SUFFIX)) {
                client = ClientKind.TANDEM;
                engine = engine.substring(0, engine.length() - TANDEM_CLIENT_SUFFIX.length());
            }
            switch (engine) {
                case "uring", "pagecache", "mmap" -> {
                    return new Target(BrokerKind.TANDEM, IoEngineKind.valueOf(engine.toUpperCase(Locale.ROOT)), client);
                }
                default -> {
                }
            }
        }
        throw new IllegalArgumentException("unknown target '" + label + "': use rocketmq, kafka, tandem-uring, "
                + "tandem-pagecache, tandem-mmap, or one of the tandem ones followed by " + TANDEM_CLIENT_SUFFIX);
    }

    public String label() {
        return switch (broker) {
            case ROCKETMQ -> "rocketmq";
            case KAFKA -> "kafka";
            case TANDEM -> "tandem-" + ioEngine.name().toLowerCase(Locale.ROOT)
                    + (client == ClientKind.TANDEM ? TANDEM_CLIENT_SUFFIX : "");
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
