package io.tandem.client.remoting;

import io.tandem.protocol.SerializeType;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RemotingClient}, immutable and validated when built.
 *
 * @param connectTimeout how long to wait for a TCP connection to be established; positive, at most
 *                       {@code Integer.MAX_VALUE} milliseconds
 * @param idleTime       a connection that has neither read nor written for this long is closed (fact sheet 1.7:
 *                       120 s); positive
 * @param workerThreads  number of Netty event loop threads; at least 1
 * @param serializeType  header encoding of the commands this client writes
 * @param tls            TLS to every server, or null for plain TCP
 */
public record RemotingClientConfig(Duration connectTimeout, Duration idleTime, int workerThreads,
                                   SerializeType serializeType, ClientTls tls) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_IDLE_TIME = Duration.ofSeconds(120);
    public static final int DEFAULT_WORKER_THREADS = 1;
    public static final SerializeType DEFAULT_SERIALIZE_TYPE = SerializeType.JSON;

    /**
     * @throws IllegalArgumentException if a setting is out of range
     * @throws NullPointerException     if a setting is null
     */
    public RemotingClientConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTime, "idleTime");
        Objects.requireNonNull(serializeType, "serializeType");
        if (connectTimeout.isNegative() || connectTimeout.isZero()
                || connectTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("connectTimeout must be positive and at most " + Integer.MAX_VALUE
                    + " ms: " + connectTimeout);
        }
        if (idleTime.isNegative() || idleTime.isZero()) {
            throw new IllegalArgumentException("idleTime must be positive: " + idleTime);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1: " + workerThreads);
        }
    }

    /** The defaults: 3 s connect timeout, 120 s idle time, one worker thread, JSON headers, plain TCP. */
    public static RemotingClientConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder starting from the defaults; not thread-safe. */
    public static final class Builder {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration idleTime = DEFAULT_IDLE_TIME;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private SerializeType serializeType = DEFAULT_SERIALIZE_TYPE;
        private ClientTls tls;

        private Builder() {
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder idleTime(Duration idleTime) {
            this.idleTime = idleTime;
            return this;
        }

        public Builder workerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
            return this;
        }

        public Builder serializeType(SerializeType serializeType) {
            this.serializeType = serializeType;
            return this;
        }

        /** TLS to every broker and name server (null: plain TCP, the default). */
        public Builder tls(ClientTls tls) {
            this.tls = tls;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException if a setting is invalid */
        public RemotingClientConfig build() {
            return new RemotingClientConfig(connectTimeout, idleTime, workerThreads, serializeType, tls);
        }
    }
}
