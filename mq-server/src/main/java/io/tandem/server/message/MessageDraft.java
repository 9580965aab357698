package io.tandem.server.message;

import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.message.TagHash;
import io.tandem.store.AppendRequest;
import io.tandem.store.StoredMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message on its way into the store, with its properties as an editable map: what a send carries, or a stored
 * message being moved (to a retry or dead-letter topic, out of a delay queue). {@link #toAppendRequest()} lays it out
 * as {@link StoredPropertiesDescriptor} says. Not thread-safe; one per message.
 */
public final class MessageDraft {

    private String topic;
    private int queueId;
    private int userFlag;
    private int sysFlag;
    private long bornTimestamp;
    private byte[] bornHost;
    private int reconsumeTimes;
    private long preparedPosition = -1;
    private final LinkedHashMap<String, String> properties;
    private final byte[] body;

    public MessageDraft(String topic, int queueId, int userFlag, int sysFlag, long bornTimestamp, byte[] bornHost,
                        int reconsumeTimes, Map<String, String> properties, byte[] body) {
        this.topic = topic;
        this.queueId = queueId;
        this.userFlag = userFlag;
        this.sysFlag = sysFlag;
        this.bornTimestamp = bornTimestamp;
        this.bornHost = bornHost;
        this.reconsumeTimes = reconsumeTimes;
        this.properties = new LinkedHashMap<>(properties);
        this.body = body;
    }

    /** A draft holding everything of a stored message (to move it elsewhere). */
    public static MessageDraft of(StoredMessage stored) {
        return new MessageDraft(stored.topic(), stored.queueId(), StoredFields.userFlag(stored.properties()),
                stored.flags(), stored.bornTimestamp(), stored.bornHost(), stored.reconsumeTimes(),
                StoredFields.propertyMap(stored.properties()), stored.body());
    }

    public String topic() {
        return topic;
    }

    public MessageDraft topic(String newTopic) {
        this.topic = newTopic;
        return this;
    }

    public int queueId() {
        return queueId;
    }

    public MessageDraft queueId(int newQueueId) {
        this.queueId = newQueueId;
        return this;
    }

    public int sysFlag() {
        return sysFlag;
    }

    public MessageDraft sysFlag(int newSysFlag) {
        this.sysFlag = newSysFlag;
        return this;
    }

    public int reconsumeTimes() {
        return reconsumeTimes;
    }

    public MessageDraft reconsumeTimes(int newReconsumeTimes) {
        this.reconsumeTimes = newReconsumeTimes;
        return this;
    }

    public MessageDraft preparedPosition(long position) {
        this.preparedPosition = position;
        return this;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public byte[] body() {
        return body;
    }

    public String property(String name) {
        return properties.get(name);
    }

    public MessageDraft property(String name, String value) {
        if (value == null) {
            properties.remove(name);
        } else {
            properties.put(name, value);
        }
        return this;
    }

    public MessageDraft putPropertyIfAbsent(String name, String value) {
        properties.putIfAbsent(name, value);
        return this;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** The unique key (UNIQ_KEY), or null. */
    public String uniqueKey() {
        return properties.get(PropertyKeys.UNIQ_KEY);
    }

    /** The store request: keys are the KEYS tokens and the UNIQ_KEY, the tag hash that of TAGS. */
    public AppendRequest toAppendRequest() {
        List<String> keys = new ArrayList<>(2);
        String keysProperty = properties.get(PropertyKeys.KEYS);
        if (keysProperty != null) {
            for (String key : keysProperty.split(PropertyKeys.KEY_SEPARATOR)) {
                if (!key.isEmpty() && !keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        String unique = properties.get(PropertyKeys.UNIQ_KEY);
        if (unique != null && !unique.isEmpty() && !keys.contains(unique)) {
            keys.add(unique);
        }
        String tags = properties.get(PropertyKeys.TAGS);
        long tagHash = tags == null || tags.isEmpty() ? 0 : TagHash.of(tags);
        return new AppendRequest(topic, queueId, sysFlag, bornTimestamp, bornHost, keys, tagHash, reconsumeTimes,
                preparedPosition, StoredFields.properties(userFlag, properties), body);
    }
}
