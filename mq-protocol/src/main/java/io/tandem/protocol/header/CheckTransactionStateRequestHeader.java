package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * CHECK_TRANSACTION_STATE (39) request header, broker to client, oneway (fact sheet 2.10); the body is the half
 * message record.
 *
 * @param tranStateTableOffset queue offset of the (renewed) half record in the half topic
 * @param commitLogOffset commit-log offset of the (renewed) half record
 * @param msgId UNIQ_KEY, or null
 * @param transactionId UNIQ_KEY, or null
 * @param offsetMsgId offset message id of the renewed half record, or null
 * @param topic the half topic, or null
 * @param brokerName {@code bname}, or null
 */
public record CheckTransactionStateRequestHeader(long tranStateTableOffset, long commitLogOffset, String msgId,
                                                 String transactionId, String offsetMsgId, String topic,
                                                 String brokerName)
        implements CommandHeader {

    public static CheckTransactionStateRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.CHECK_TRANSACTION_STATE, extFields));
    }

    public static CheckTransactionStateRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static CheckTransactionStateRequestHeader read(HeaderFields fields) {
        return new CheckTransactionStateRequestHeader(
                fields.requiredLong("tranStateTableOffset"),
                fields.requiredLong("commitLogOffset"),
                fields.optionalString("msgId"),
                fields.optionalString("transactionId"),
                fields.optionalString("offsetMsgId"),
                fields.optionalString("topic"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("tranStateTableOffset", tranStateTableOffset)
                .put("commitLogOffset", commitLogOffset)
                .put("msgId", msgId)
                .put("transactionId", transactionId)
                .put("offsetMsgId", offsetMsgId)
                .put("topic", topic)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
