package io.tandem.server.support;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.SendMessageRequestHeaderV2;
import io.tandem.protocol.message.MessageProperties;

import java.util.Map;

/** Builders of the requests tests send with {@link RawClient}. */
public final class Requests {

    private Requests() {
    }

    public static RemotingCommand.Builder send(String topic, int queueId, Map<String, String> properties, byte[] body) {
        SendMessageRequestHeader header = new SendMessageRequestHeader("test-producer", topic, "TBW102", 4, queueId, 0,
                System.currentTimeMillis(), 0, MessageProperties.encode(properties), 0, false, null, false, null);
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .extFields(SendMessageRequestHeaderV2.fromV1(header).toExtFields())
                .body(body);
    }

    public static RemotingCommand.Builder pull(String group, String topic, int queueId, long offset, int max,
                                               long suspendMs) {
        int flags = PullSysFlag.SUBSCRIPTION | (suspendMs > 0 ? PullSysFlag.SUSPEND : 0);
        PullMessageRequestHeader header = new PullMessageRequestHeader(group, topic, queueId, offset, max, flags, -1,
                suspendMs, "*", 0, "TAG", null, null, null, null);
        return RemotingCommand.request(RequestCode.PULL_MESSAGE).extFields(header.toExtFields());
    }
}
