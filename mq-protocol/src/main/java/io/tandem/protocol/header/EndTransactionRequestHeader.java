package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * END_TRANSACTION (37) request header, always oneway (fact sheet 2.9).
 *
 * @param producerGroup must equal the half message's PGROUP
 * @param tranStateTableOffset queue offset of the half record in the half topic
 * @param commitLogOffset commit-log offset of the half record
 * @param commitOrRollback the decision (wire values 8, 12, 0)
 * @param fromTransactionCheck whether this answers a CHECK_TRANSACTION_STATE (absent means false)
 * @param msgId the message's UNIQ_KEY
 * @param transactionId transaction id, or null
 * @param topic user topic, or the check request's topic when answering a check, or null
 * @param brokerName {@code bname}, or null
 */
public record EndTransactionRequestHeader(String producerGroup, long tranStateTableOffset, long commitLogOffset,
                                          TransactionResolution commitOrRollback, boolean fromTransactionCheck,
                                          String msgId, String transactionId, String topic, String brokerName)
        implements CommandHeader {

    public EndTransactionRequestHeader {
        Objects.requireNonNull(producerGroup, "producerGroup");
        Objects.requireNonNull(commitOrRollback, "commitOrRollback");
        Objects.requireNonNull(msgId, "msgId");
    }

    public static EndTransactionRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.END_TRANSACTION, extFields));
    }

    public static EndTransactionRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static EndTransactionRequestHeader read(HeaderFields fields) {
        return new EndTransactionRequestHeader(
                fields.requiredString("producerGroup"),
                fields.requiredLong("tranStateTableOffset"),
                fields.requiredLong("commitLogOffset"),
                readResolution(fields),
                Boolean.TRUE.equals(fields.optionalBoolean("fromTransactionCheck")),
                fields.requiredString("msgId"),
                fields.optionalString("transactionId"),
                fields.optionalString("topic"),
                fields.optionalString(HeaderKeys.BROKER_NAME));
    }

    private static TransactionResolution readResolution(HeaderFields fields) {
        int value = fields.requiredInt("commitOrRollback");
        TransactionResolution resolution = TransactionResolution.fromWireValue(value);
        if (resolution == null) {
            throw fields.invalid("commitOrRollback",
                    "= '" + value + "' is none of 0 (unknown), 8 (commit), 12 (rollback)");
        }
        return resolution;
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("producerGroup", producerGroup)
                .put("tranStateTableOffset", tranStateTableOffset)
                .put("commitLogOffset", commitLogOffset)
                .put("commitOrRollback", commitOrRollback.wireValue())
                .put("fromTransactionCheck", fromTransactionCheck)
                .put("msgId", msgId)
                .put("transactionId", transactionId)
                .put("topic", topic)
                .put(HeaderKeys.BROKER_NAME, brokerName)
                .toMap();
    }
}
