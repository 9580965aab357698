package io.tandem.client.internal;

import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.ProducerData;

import java.util.Set;

/**
 * Something that announces groups in this client's heartbeats: a producer its group, a consumer its group and
 * subscriptions. Called from heartbeat threads; implementations return a consistent snapshot.
 */
public interface HeartbeatSource {

    default Set<ProducerData> producerData() {
        return Set.of();
    }

    default Set<ConsumerData> consumerData() {
        return Set.of();
    }
}
