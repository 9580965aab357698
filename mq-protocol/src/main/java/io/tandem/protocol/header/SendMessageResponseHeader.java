package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * Response header of every send (fact sheet 2.4). A broker must send it, with {@code MSG_REGION} and
 * {@code TRACE_ON}, on every successful send response: the Java client reads the extFields unguarded.
 *
 * @param msgId         offset message id of the stored record; for a batch the comma-joined ids
 * @param queueId       queue the message was sent to (for delayed and half messages still the user's queue)
 * @param queueOffset   logical offset where the record was appended (batch: the first; half: in the half queue)
 * @param transactionId the message's UNIQ_KEY, or null
 * @param batchUniqId   only for inner-batch topics, else null
 * @param recallHandle  only for timer messages, else null
 * @param msgRegion     {@code MSG_REGION} extra key (broker region, {@code DefaultRegion}), or null
 * @param traceOn       {@code TRACE_ON} extra key, or null
 */
public record SendMessageResponseHeader(String msgId, int queueId, long queueOffset, String transactionId,
                                        String batchUniqId, String recallHandle, String msgRegion, Boolean traceOn)
        implements CommandHeader {

    public static final String MSG_REGION = "MSG_REGION";
    public static final String TRACE_ON = "TRACE_ON";

    public SendMessageResponseHeader {
        Objects.requireNonNull(msgId, "msgId");
    }

    public static SendMessageResponseHeader fromExtFields(Map<String, String> extFields) {
        HeaderFields fields = HeaderFields.forResponse(RequestCode.SEND_MESSAGE_V2, extFields);
        return new SendMessageResponseHeader(
                fields.requiredString("msgId"),
                fields.requiredInt("queueId"),
                fields.requiredLong("queueOffset"),
                fields.optionalString("transactionId"),
                fields.optionalString("batchUniqId"),
                fields.optionalString("recallHandle"),
                fields.optionalString(MSG_REGION),
                fields.optionalBoolean(TRACE_ON));
    }

    public static SendMessageResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("msgId", msgId)
                .put("queueId", queueId)
                .put("queueOffset", queueOffset)
                .put("transactionId", transactionId)
                .put("batchUniqId", batchUniqId)
                .put("recallHandle", recallHandle)
                .put(MSG_REGION, msgRegion)
                .put(TRACE_ON, traceOn)
                .toMap();
    }
}
