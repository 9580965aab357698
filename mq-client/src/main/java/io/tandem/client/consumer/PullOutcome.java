package io.tandem.client.consumer;

import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.internal.Calls;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.header.PullMessageResponseHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * A pull response read the way the reference client reads it (fact sheet 2.5): FOUND with the decoded messages,
 * NO_NEW_MSG (19), NO_MATCHED_MSG (20) or OFFSET_ILLEGAL (21), each with the offset to pull from next.
 *
 * @param status          what the broker found
 * @param nextBeginOffset where the next pull of the queue starts
 * @param minOffset       the queue's smallest offset
 * @param maxOffset       the offset the queue's next message will get
 * @param messages        for FOUND, the messages in offset order (not yet filtered by tag), else empty
 */
record PullOutcome(Status status, long nextBeginOffset, long minOffset, long maxOffset,
                   List<ReceivedMessage> messages) {

    enum Status { FOUND, NO_NEW_MSG, NO_MATCHED_MSG, OFFSET_ILLEGAL }

    /**
     * @throws io.tandem.client.MqBrokerException for any other response code (the caller retries later)
     * @throws MqClientException                  if the header or the records cannot be read
     */
    static PullOutcome read(RemotingCommand response, MessageQueue queue, String address) {
        Status status = switch (response.code()) {
            case ResponseCode.SUCCESS -> Status.FOUND;
            case ResponseCode.PULL_NOT_FOUND -> Status.NO_NEW_MSG;
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> Status.NO_MATCHED_MSG;
            case ResponseCode.PULL_OFFSET_MOVED -> Status.OFFSET_ILLEGAL;
            default -> throw Calls.refused(response, address, RequestCode.PULL_MESSAGE);
        };
        try {
            PullMessageResponseHeader header = PullMessageResponseHeader.from(response);
            List<ReceivedMessage> messages = List.of();
            if (status == Status.FOUND) {
                List<MessageRecord> records = MessageCodec.decodeAll(response.body());
                messages = new ArrayList<>(records.size());
                for (MessageRecord record : records) {
                    messages.add(ReceivedMessage.from(record, queue.brokerName()));
                }
            }
            return new PullOutcome(status, header.nextBeginOffset(), header.minOffset(), header.maxOffset(),
                    messages);
        } catch (ProtocolException e) {
            throw new MqClientException("unreadable pull response for " + queue + " from " + address + ": "
                    + e.getMessage(), e);
        }
    }
}
