package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * GET_BROKER_CONSUME_STATS (317) request header: the consume progress of every group on a broker.
 *
 * @param order ext key {@code isOrder}: only topics meant for ordered messages (true), or every topic (false or null)
 */
public record GetConsumeStatsInBrokerRequestHeader(Boolean order) implements CommandHeader {

    public static GetConsumeStatsInBrokerRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_BROKER_CONSUME_STATS, extFields));
    }

    public static GetConsumeStatsInBrokerRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetConsumeStatsInBrokerRequestHeader read(HeaderFields fields) {
        return new GetConsumeStatsInBrokerRequestHeader(
                fields.optionalBoolean("isOrder"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("isOrder", order)
                .toMap();
    }
}
