package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361) request header (fact sheet 2.5).
 *
 * @param consumerGroup        consumer group
 * @param topic                topic
 * @param queueId              queue
 * @param queueOffset          first logical offset wanted
 * @param maxMsgNums           most messages wanted
 * @param sysFlag              {@link PullSysFlag} bits
 * @param commitOffset         the consumer's in-memory offset (-1 when unknown); used only with
 *                             {@link PullSysFlag#COMMIT_OFFSET}
 * @param suspendTimeoutMillis longest the broker may hold the request when nothing is there
 * @param subscription         expression, only with {@link PullSysFlag#SUBSCRIPTION}, else null
 * @param subVersion           version of the subscription the client holds
 * @param expressionType       {@code TAG} or {@code SQL92}, or null (TAG)
 * @param maxMsgBytes          size hint, or null (the reference broker ignores it)
 * @param requestSource        proxy use only, or null
 * @param proxyFrowardClientId proxy use only (the protocol's spelling), or null
 * @param brokerName           {@code bname}, or null
 */
public record PullMessageRequestHeader(String consumerGroup, String topic, int queueId, long queueOffset,
                                       int maxMsgNums, int sysFlag, long commitOffset, long suspendTimeoutMillis,
                                       String subscription, long subVersion, String expressionType,
                                       Integer maxMsgBytes, Integer requestSource, String proxyFrowardClientId,
                                       String brokerName) implements CommandHeader {

    public PullMessageRequestHeader {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topic, "topic");
    }

    public static PullMessageRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.PULL_MESSAGE, extFields));
    }

    /** Reads the header of a PULL_MESSAGE or LITE_PULL_MESSAGE request, naming its code in errors. */
    public static PullMessageRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static PullMessageRequestHeader read(HeaderFields fields) {
        return new PullMessageRequestHeader(
                fields.requiredString("consumerGroup"),
                fields.requiredString("topic"),
                fields.requiredInt("queueId"),
                fields.requiredLong("queueOffset"),
                fields.requiredInt("maxMsgNums"),
                fields.requiredInt("sysFlag"),
                fields.requiredLong("commitOffset"),
                fields.requiredLong("suspendTimeoutMillis"),
                fields.optionalString("subscription"),
                fields.requiredLong("subVersion"),
                fields.optionalString("expressionType"),
                fields.optionalInt("maxMsgBytes"),
                fields.optionalInt("requestSource"),
                fields.optionalString("proxyFrowardClientId"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    /** Whether {@link #sysFlag()} has every bit of {@code pullSysFlagBits}. */
    public boolean hasSysFlag(int pullSysFlagBits) {
        return PullSysFlag.has(sysFlag, pullSysFlagBits);
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("consumerGroup", consumerGroup)
                .put("topic", topic)
                .put("queueId", queueId)
                .put("queueOffset", queueOffset)
                .put("maxMsgNums", maxMsgNums)
                .put("sysFlag", sysFlag)
                .put("commitOffset", commitOffset)
                .put("suspendTimeoutMillis", suspendTimeoutMillis)
                .put("subscription", subscription)
                .put("subVersion", subVersion)
                .put("expressionType", expressionType)
                .put("maxMsgBytes", maxMsgBytes)
                .put("requestSource", requestSource)
                .put("proxyFrowardClientId", proxyFrowardClientId)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
