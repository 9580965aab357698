package io.tandem.protocol.body;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A broker's topic table as REGISTER_BROKER carries it inside {@link RegisterBrokerBody}: every topic by name, with
 * the table's version. The static-topic mapping maps of the reference are written empty and ignored when read:
 * Tandem has no static topics.
 *
 * @param dataVersion                version of {@code topicConfigTable}
 * @param topicConfigTable           topic name to configuration
 * @param mappingDataVersion         version of the (empty) mapping tables
 * @param topicQueueMappingInfoMap   static-topic mapping summaries: written empty, ignored when read
 * @param topicQueueMappingDetailMap static-topic mapping details: written empty, ignored when read
 */
public record TopicConfigAndMappingSerializeWrapper(DataVersion dataVersion, Map<String, TopicConfig> topicConfigTable,
                                                    DataVersion mappingDataVersion,
                                                    Map<String, Object> topicQueueMappingInfoMap,
                                                    Map<String, Object> topicQueueMappingDetailMap) {

    public TopicConfigAndMappingSerializeWrapper {
        dataVersion = dataVersion == null ? DataVersion.INITIAL : dataVersion;
        topicConfigTable = topicConfigTable == null
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(topicConfigTable));
        mappingDataVersion = mappingDataVersion == null ? DataVersion.INITIAL : mappingDataVersion;
        topicQueueMappingInfoMap = Map.of();
        topicQueueMappingDetailMap = Map.of();
    }

    /** A table of {@code topics} at {@code dataVersion}, without static-topic mappings. */
    public static TopicConfigAndMappingSerializeWrapper of(DataVersion dataVersion, Map<String, TopicConfig> topics) {
        return new TopicConfigAndMappingSerializeWrapper(dataVersion, topics, DataVersion.INITIAL, Map.of(), Map.of());
    }
}
