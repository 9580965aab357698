package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_TOPICS_BY_CLUSTER (224) request header.
 *
 * @param cluster cluster whose topics are wanted
 */
public record GetTopicsByClusterRequestHeader(String cluster) implements CommandHeader {

    public GetTopicsByClusterRequestHeader {
        Objects.requireNonNull(cluster, "cluster");
    }

    public static GetTopicsByClusterRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_TOPICS_BY_CLUSTER, extFields));
    }

    public static GetTopicsByClusterRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetTopicsByClusterRequestHeader read(HeaderFields fields) {
        return new GetTopicsByClusterRequestHeader(fields.requiredString("cluster"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create().put("cluster", cluster).toMap();
    }
}
