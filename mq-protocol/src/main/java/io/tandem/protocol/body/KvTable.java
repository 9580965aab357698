package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A string-to-string table: the body of GET_BROKER_RUNTIME_INFO (28, keys in {@link BrokerRuntimeKeys}) and of
 * GET_KVLIST_BY_NAMESPACE (219).
 *
 * @param table the entries, sorted by key
 */
public record KvTable(Map<String, String> table) {

    public KvTable {
        table = table == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(table));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not key/value table JSON
     */
    public static KvTable fromJson(byte[] json) {
        return RemotingJson.decode(json, KvTable.class);
    }
}
