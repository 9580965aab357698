package io.tandem.server.replication;

import java.time.Duration;
import java.util.Objects;

/**
 * A broker's place in its replicated broker group (the brokers sharing one broker name): the leader (broker id 0)
 * listens for replicas on {@code port}; a replica (broker id above 0) copies the leader's commit log from
 * {@code leaderAddress}. Immutable; validated when built.
 *
 * @param brokerId          0 for the leader, above 0 for a replica (the id routes list it under)
 * @param port              the leader's replication listener port (0: any free port); a replica listens on none
 * @param leaderAddress     {@code host:port} of the leader's replication listener; replicas only
 * @param mode              when the leader acknowledges a send (see {@link ReplicationMode})
 * @param minInSync         members (the leader counted) that must hold a message before a {@code SYNC} send is
 *                          acknowledged; sends are refused while fewer are in sync
 * @param maxLagBytes       a connected replica whose acknowledged position is more than this behind the leader's
 *                          log is out of the in-sync set
 * @param syncTimeout       longest a {@code SYNC} send waits for replicas before it fails
 * @param windowBytes       bytes the leader sends a replica beyond what it acknowledged before it waits
 * @param maxChunkBytes     about the largest chunk of log the leader sends at once
 * @param heartbeatInterval how often an idle leader tells its replicas its log end (and they answer)
 * @param peerTimeout       either side closes a connection silent for this long (the replica then reconnects)
 * @param metadataInterval  how often the leader sends its topics, groups and consumer offsets
 * @param reconnectDelay    how long a replica waits before connecting again
 * @param epoch             the leader epoch this broker leads or follows at
 *                          ({@link ReplicationDescriptor#INITIAL_EPOCH} with static roles): a leader sends it in every frame and refuses replicas that know a
 *                          newer one; a replica refuses frames of an older one
 * @param controlled        whether the controller assigns the role (a replica may then wait for its leader without a
 *                          {@code leaderAddress}: it takes no sends and copies nothing)
 * @param tls               whether the stream runs over mutual TLS with the broker's certificate, key and trusted
 *                          authorities (see {@link io.tandem.server.tls.ReplicationTls}): the leader requires a
 *                          trusted certificate of every replica, a replica checks its leader's
 */
public record ReplicationConfig(long brokerId, int port, String leaderAddress, ReplicationMode mode, int minInSync,
                                long maxLagBytes, Duration syncTimeout, int windowBytes, int maxChunkBytes,
                                Duration heartbeatInterval, Duration peerTimeout, Duration metadataInterval,
                                Duration reconnectDelay, long epoch, boolean controlled,
                                boolean tls) {

    /** A broker alone in its group: the leader, listening for no replica (asynchronous; min-in-sync 2 once sync). */
    public static final ReplicationConfig STANDALONE = new ReplicationConfig(0, -1, null, ReplicationMode.ASYNC, 2,
            8 << 20, Duration.ofSeconds(3), 4 << 20, 256 << 10, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofSeconds(1), ReplicationDescriptor.INITIAL_EPOCH, false, false);

    public ReplicationConfig {
        if (brokerId < 0) {
            throw new IllegalArgumentException("brokerId must be 0 (the leader) or above (a replica), was " + brokerId);
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("replication port must be in [0, 65535] (or -1: no listener), was "
                    + port);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative, was " + epoch);
        }
        if (brokerId > 0 && !controlled && (leaderAddress == null || leaderAddress.isBlank())) {
            throw new IllegalArgumentException("a replica (brokerId " + brokerId + ") needs leaderAddress, the"
                    + " host:port of its leader's replication listener");
        }
        if (leaderAddress != null && !leaderAddress.isBlank()) {
            int colon = leaderAddress.lastIndexOf(':');
            if (colon <= 0 || !leaderAddress.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("leaderAddress '" + leaderAddress + "' is not host:port");
            }
        }
        Objects.requireNonNull(mode, "mode");
        if (minInSync < 1) {
            throw new IllegalArgumentException("minInSync must be at least 1 (the leader), was " + minInSync);
        }
        if (maxLagBytes < 0) {
            throw new IllegalArgumentException("maxLagBytes must not be negative, was " + maxLagBytes);
        }
        if (windowBytes < 1 << 16) {
            throw new IllegalArgumentException("windowBytes must be at least 64 KiB, was " + windowBytes);
        }
        if (maxChunkBytes < 4096 || maxChunkBytes > windowBytes) {
            throw new IllegalArgumentException("maxChunkBytes must be in [4 KiB, windowBytes], was " + maxChunkBytes);
        }
        requirePositive(syncTimeout, "syncTimeout");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(peerTimeout, "peerTimeout");
        requirePositive(metadataInterval, "metadataInterval");
        requirePositive(reconnectDelay, "reconnectDelay");
        if (peerTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("peerTimeout (" + peerTimeout + ") must be at least twice"
                    + " heartbeatInterval (" + heartbeatInterval + ")");
        }
    }

    /** True for a replica: it copies a leader and takes no sends. */
    public boolean replica() {
        return brokerId > 0;
    }

    /** True for a controlled member that waits for the controller to name its leader. */
    public boolean awaitingLeader() {
        return brokerId > 0 && (leaderAddress == null || leaderAddress.isBlank());
    }

    /** True for a leader with a replication listener. */
    public boolean listens() {
        return brokerId == 0 && port >= 0;
    }

    public static Builder builder() {
        return new Builder(STANDALONE);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || !value.isPositive()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private long brokerId;
        private int port;
        private String leaderAddress;
        private ReplicationMode mode;
        private int minInSync;
        private long maxLagBytes;
        private Duration syncTimeout;
        private int windowBytes;
        private int maxChunkBytes;
        private Duration heartbeatInterval;
        private Duration peerTimeout;
        private Duration metadataInterval;
        private Duration reconnectDelay;
        private long epoch;
        private boolean controlled;
        private boolean tls;

        private Builder(ReplicationConfig from) {
            brokerId = from.brokerId;
            port = from.port;
            leaderAddress = from.leaderAddress;
            mode = from.mode;
            minInSync = from.minInSync;
            maxLagBytes = from.maxLagBytes;
            syncTimeout = from.syncTimeout;
            windowBytes = from.windowBytes;
            maxChunkBytes = from.maxChunkBytes;
            heartbeatInterval = from.heartbeatInterval;
            peerTimeout = from.peerTimeout;
            metadataInterval = from.metadataInterval;
            reconnectDelay = from.reconnectDelay;
            epoch = from.epoch;
            controlled = from.controlled;
            tls = from.tls;
        }

        /** Runs the stream over mutual TLS with the broker's TLS files ({@code on}), or plain TCP. */
        public Builder tls(boolean on) {
            this.tls = on;
            return this;
        }

        public Builder epoch(long epoch) {
            this.epoch = epoch;
            return this;
        }

        /** Makes this broker a member whose role the controller assigns. */
        public Builder controlled(boolean controlled) {
            this.controlled = controlled;
            return this;
        }

        /** Makes this broker its group's leader, listening for replicas on {@code port} (0: any free port). */
        public Builder leader(int port) {
            this.brokerId = 0;
            this.port = port;
            this.leaderAddress = null;
            return this;
        }

        /** Makes this broker replica {@code brokerId} of the leader whose replication listener is {@code address}. */
        public Builder replica(long brokerId, String leaderAddress) {
            this.brokerId = brokerId;
            this.port = -1;
            this.leaderAddress = leaderAddress;
            return this;
        }

        /**
         * Makes this broker member {@code memberId} of a group whose leader the controller chooses, with its
         * replication listener (used while it leads) on {@code port}; it waits for the controller to name a leader.
         */
        public Builder member(long memberId, int port) {
            this.brokerId = memberId;
            this.port = port;
            this.leaderAddress = null;
            this.controlled = true;
            return this;
        }

        public Builder mode(ReplicationMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder minInSync(int minInSync) {
            this.minInSync = minInSync;
            return this;
        }

        public Builder maxLagBytes(long maxLagBytes) {
            this.maxLagBytes = maxLagBytes;
            return this;
        }

        public Builder syncTimeout(Duration syncTimeout) {
            this.syncTimeout = syncTimeout;
            return this;
        }

        public Builder windowBytes(int windowBytes) {
            this.windowBytes = windowBytes;
            return this;
        }

        public Builder maxChunkBytes(int maxChunkBytes) {
            this.maxChunkBytes = maxChunkBytes;
            return this;
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        public Builder peerTimeout(Duration peerTimeout) {
            this.peerTimeout = peerTimeout;
            return this;
        }

        public Builder metadataInterval(Duration metadataInterval) {
            this.metadataInterval = metadataInterval;
            return this;
        }

        public Builder reconnectDelay(Duration reconnectDelay) {
            this.reconnectDelay = reconnectDelay;
            return this;
        }

        public ReplicationConfig build() {
            return new ReplicationConfig(brokerId, port, leaderAddress, mode, minInSync, maxLagBytes, syncTimeout,
                    windowBytes, maxChunkBytes, heartbeatInterval, peerTimeout, metadataInterval, reconnectDelay, epoch,
                    controlled, tls);
        }
    }
}
