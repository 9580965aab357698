package io.tandem.server.controller;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One peer of the controller quorum. Immutable; validated when built.
 *
 * @param selfId           this peer's id, a key of {@code peers}
 * @param peers            every peer of the quorum (this one included): id to the {@code host:port} of its Ratis
 *                         endpoint; three peers tolerate the loss of one
 * @param storageDirectory where this peer keeps its Ratis log and snapshots
 * @param leaseDuration    a broker group's leader that has not renewed for this long is replaced by an in-sync member
 * @param electionTimeout  Ratis's minimum election timeout (the maximum is twice it): how soon the quorum replaces a
 *                         lost controller leader
 * @param clock            decides when a lease has lapsed
 * @param tls              whether the peers talk over mutual TLS (Ratis's gRPC TLS) with the name server's certificate,
 *                         key and trusted authorities: each peer presents its certificate and requires the others'
 */
public record ControllerConfig(String selfId, Map<String, String> peers, Path storageDirectory, Duration leaseDuration,
                               Duration electionTimeout, Clock clock, boolean tls) {

    /** A peer whose quorum talks plain gRPC. */
    public ControllerConfig(String selfId, Map<String, String> peers, Path storageDirectory, Duration leaseDuration,
                            Duration electionTimeout, Clock clock) {
        this(selfId, peers, storageDirectory, leaseDuration, electionTimeout, clock, false);
    }

    public ControllerConfig {
        Objects.requireNonNull(selfId, "selfId");
        peers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(peers, "peers")));
        if (!peers.containsKey(selfId)) {
            throw new IllegalArgumentException("peers " + peers.keySet() + " do not include this peer " + selfId);
        }
        Objects.requireNonNull(storageDirectory, "storageDirectory");
        if (leaseDuration == null || !leaseDuration.isPositive()) {
            throw new IllegalArgumentException("leaseDuration must be positive, was " + leaseDuration);
        }
        if (electionTimeout == null || !electionTimeout.isPositive()) {
            throw new IllegalArgumentException("electionTimeout must be positive, was " + electionTimeout);
        }
        Objects.requireNonNull(clock, "clock");
    }
}
