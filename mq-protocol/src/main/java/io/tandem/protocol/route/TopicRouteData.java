package io.tandem.protocol.route;

import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Body of a successful GET_ROUTEINFO_BY_TOPIC answer (fact sheet 2.1, 6.1): which brokers hold the topic and how
 * many queues each has. A name server writes it with {@link #toJson(JsonFlavor)} in the flavor
 * {@link JsonFlavor#forRouteRequest} picks; clients read either flavor with {@link #fromJson(byte[])}.
 * {@code topicQueueMappingByBroker} (static topics) is neither written nor read.
 *
 * @param orderTopicConf    {@code brokerName:queueCount;...} for ordered topics, or null (then omitted)
 * @param queueDatas        per-broker queue counts and permissions
 * @param brokerDatas       broker addresses
 * @param filterServerTable legacy filter servers, normally empty
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable) {

    public TopicRouteData {
        queueDatas = queueDatas == null ? List.of() : List.copyOf(queueDatas);
        brokerDatas = brokerDatas == null ? List.of() : List.copyOf(brokerDatas);
        filterServerTable = filterServerTable == null
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(filterServerTable));
    }

    /** UTF-8 JSON in the given flavor. */
    public byte[] toJson(JsonFlavor flavor) {
        return RemotingJson.encode(this, flavor);
    }

    /**
     * Reads route JSON in either flavor.
     *
     * @throws ProtocolException if the bytes are not route JSON
     */
    public static TopicRouteData fromJson(byte[] json) {
        return RemotingJson.decode(json, TopicRouteData.class);
    }
}
