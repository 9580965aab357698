package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * UNREGISTER_BROKER (104) request header (fact sheet 6.6): a member of a broker group leaves the name server's routes,
 * as a broker does when it stops cleanly.
 *
 * @param brokerName  the broker group
 * @param brokerAddr  {@code host:port} the member registered with
 * @param clusterName cluster of the group
 * @param brokerId    the id the member was registered under
 */
public record UnregisterBrokerRequestHeader(String brokerName, String brokerAddr, String clusterName, long brokerId)
        implements CommandHeader {

    public UnregisterBrokerRequestHeader {
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
        Objects.requireNonNull(clusterName, "clusterName");
    }

    public static UnregisterBrokerRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.UNREGISTER_BROKER, extFields));
    }

    public static UnregisterBrokerRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static UnregisterBrokerRequestHeader read(HeaderFields fields) {
        return new UnregisterBrokerRequestHeader(
                fields.requiredString("brokerName"),
                fields.requiredString("brokerAddr"),
                fields.requiredString("clusterName"),
                fields.requiredLong("brokerId"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("brokerName", brokerName)
                .put("brokerAddr", brokerAddr)
                .put("clusterName", clusterName)
                .put("brokerId", brokerId)
                .toMap();
    }
}
