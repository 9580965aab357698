package io.tandem.protocol.capture;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.header.GetConsumerListByGroupRequestHeader;
import io.tandem.protocol.header.GetEarliestMsgStoretimeRequestHeader;
import io.tandem.protocol.header.GetEarliestMsgStoretimeResponseHeader;
import io.tandem.protocol.header.GetMaxOffsetRequestHeader;
import io.tandem.protocol.header.GetMaxOffsetResponseHeader;
import io.tandem.protocol.header.GetMinOffsetRequestHeader;
import io.tandem.protocol.header.GetMinOffsetResponseHeader;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.header.HeaderKeys;
import io.tandem.protocol.header.HeartbeatResponseHeader;
import io.tandem.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullMessageResponseHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.header.QueryConsumerOffsetRequestHeader;
import io.tandem.protocol.header.QueryConsumerOffsetResponseHeader;
import io.tandem.protocol.header.QueryMessageRequestHeader;
import io.tandem.protocol.header.QueryMessageResponseHeader;
import io.tandem.protocol.header.SearchOffsetRequestHeader;
import io.tandem.protocol.header.SearchOffsetResponseHeader;
import io.tandem.protocol.header.SendMessageRequestHeaderV2;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.header.UnregisterClientRequestHeader;
import io.tandem.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.tandem.protocol.header.ViewMessageRequestHeader;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Every captured custom header through its typed record and back. */
class CaptureHeadersTest {

    private static final Map<Integer, Function<RemotingCommand, CommandHeader>> REQUESTS = Map.ofEntries(
            Map.entry(RequestCode.GET_ROUTEINFO_BY_TOPIC, GetRouteInfoRequestHeader::from),
            Map.entry(RequestCode.SEND_MESSAGE_V2, SendMessageRequestHeaderV2::from),
            Map.entry(RequestCode.SEND_BATCH_MESSAGE, SendMessageRequestHeaderV2::from),
            Map.entry(RequestCode.PULL_MESSAGE, PullMessageRequestHeader::from),
            Map.entry(RequestCode.LITE_PULL_MESSAGE, PullMessageRequestHeader::from),
            Map.entry(RequestCode.QUERY_CONSUMER_OFFSET, QueryConsumerOffsetRequestHeader::from),
            Map.entry(RequestCode.UPDATE_CONSUMER_OFFSET, UpdateConsumerOffsetRequestHeader::from),
            Map.entry(RequestCode.GET_MAX_OFFSET, GetMaxOffsetRequestHeader::from),
            Map.entry(RequestCode.GET_MIN_OFFSET, GetMinOffsetRequestHeader::from),
            Map.entry(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, SearchOffsetRequestHeader::from),
            Map.entry(RequestCode.GET_EARLIEST_MSG_STORETIME, GetEarliestMsgStoretimeRequestHeader::from),
            Map.entry(RequestCode.VIEW_MESSAGE_BY_ID, ViewMessageRequestHeader::from),
            Map.entry(RequestCode.QUERY_MESSAGE, QueryMessageRequestHeader::from),
            Map.entry(RequestCode.CONSUMER_SEND_MSG_BACK, ConsumerSendMsgBackRequestHeader::from),
            Map.entry(RequestCode.END_TRANSACTION, EndTransactionRequestHeader::from),
            Map.entry(RequestCode.CHECK_TRANSACTION_STATE, CheckTransactionStateRequestHeader::from),
            Map.entry(RequestCode.GET_CONSUMER_LIST_BY_GROUP, GetConsumerListByGroupRequestHeader::from),
            Map.entry(RequestCode.UNREGISTER_CLIENT, UnregisterClientRequestHeader::from),
            Map.entry(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, NotifyConsumerIdsChangedRequestHeader::from));

    /** Response headers of successful answers, by request code. */
    private static final Map<Integer, Function<RemotingCommand, CommandHeader>> RESPONSES = Map.ofEntries(
            Map.entry(RequestCode.SEND_MESSAGE_V2, SendMessageResponseHeader::from),
            Map.entry(RequestCode.SEND_BATCH_MESSAGE, SendMessageResponseHeader::from),
            Map.entry(RequestCode.QUERY_CONSUMER_OFFSET, QueryConsumerOffsetResponseHeader::from),
            Map.entry(RequestCode.GET_MAX_OFFSET, GetMaxOffsetResponseHeader::from),
            Map.entry(RequestCode.GET_MIN_OFFSET, GetMinOffsetResponseHeader::from),
            Map.entry(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, SearchOffsetResponseHeader::from),
            Map.entry(RequestCode.GET_EARLIEST_MSG_STORETIME, GetEarliestMsgStoretimeResponseHeader::from),
            Map.entry(RequestCode.QUERY_MESSAGE, QueryMessageResponseHeader::from),
            Map.entry(RequestCode.HEART_BEAT, HeartbeatResponseHeader::from));

    /** Codes whose requests carry no header fields of their own, and broker-to-name-server codes. */
    private static final Set<Integer> WITHOUT_TYPED_HEADER = Set.of(RequestCode.HEART_BEAT,
            RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ, RequestCode.REGISTER_BROKER,
            RequestCode.UNREGISTER_BROKER, RequestCode.GET_BROKER_CLUSTER_INFO);

    @Test
    void shouldReadEveryCapturedRequestHeaderAndWriteTheSameFields() {
        Set<Integer> seen = new HashSet<>();
        for (Exchanges.Exchange exchange : Exchanges.all()) {
            RemotingCommand request = exchange.requestCommand();
            Function<RemotingCommand, CommandHeader> reader = REQUESTS.get(request.code());
            if (reader == null) {
                assertThat(WITHOUT_TYPED_HEADER).as("code %d has a typed header", request.code())
                        .contains(request.code());
                continue;
            }
            seen.add(request.code());
            CommandHeader header = reader.apply(request);

            assertThat(header.toExtFields()).as("%s", exchange.request().frame())
                    .isEqualTo(withoutClientExtras(request.extFields()));
            assertThat(reader.apply(request.toBuilder().extFields(header.toExtFields()).build())).isEqualTo(header);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(REQUESTS.keySet());
    }

    @Test
    void shouldReadEveryCapturedResponseHeaderAndWriteTheSameFields() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (Exchanges.Exchange exchange : Exchanges.all()) {
            if (exchange.response().isEmpty()) {
                continue;
            }
            RemotingCommand response = exchange.response().get().command();
            Function<RemotingCommand, CommandHeader> reader =
                    exchange.requestCode() == RequestCode.PULL_MESSAGE
                            || exchange.requestCode() == RequestCode.LITE_PULL_MESSAGE
                            ? PullMessageResponseHeader::from
                            : response.code() == ResponseCode.SUCCESS ? RESPONSES.get(exchange.requestCode()) : null;
            if (reader == null) {
                continue;
            }
            CommandHeader header = reader.apply(response);
            counts.merge(exchange.requestCode(), 1, Integer::sum);

            assertThat(header.toExtFields()).as("%s", exchange.response().get().frame())
                    .isEqualTo(response.extFields());
        }
        assertThat(counts.keySet()).containsAll(RESPONSES.keySet()).contains(RequestCode.PULL_MESSAGE);
    }

    @Test
    void shouldReadTheCapturedPullAndTransactionFlagsAsTheFactSheetDescribes() {
        Set<Integer> pullSysFlags = new HashSet<>();
        for (Exchanges.Exchange exchange : Exchanges.all()) {
            if (exchange.requestCode() == RequestCode.PULL_MESSAGE
                    || exchange.requestCode() == RequestCode.LITE_PULL_MESSAGE) {
                PullMessageRequestHeader pull = PullMessageRequestHeader.from(exchange.requestCommand());
                pullSysFlags.add(pull.sysFlag());
                assertThat(pull.hasSysFlag(PullSysFlag.SUBSCRIPTION)).isEqualTo(pull.subscription() != null);
                assertThat(pull.hasSysFlag(PullSysFlag.LITE_PULL))
                        .isEqualTo(exchange.requestCode() == RequestCode.LITE_PULL_MESSAGE);
            }
        }
        assertThat(pullSysFlags).containsExactlyInAnyOrder(2, 3, 4, 6, 22);

        assertThat(Exchanges.withCode(RequestCode.END_TRANSACTION))
                .extracting(exchange -> EndTransactionRequestHeader.from(exchange.requestCommand()).commitOrRollback())
                .containsExactly(TransactionResolution.COMMIT, TransactionResolution.ROLLBACK,
                        TransactionResolution.UNKNOWN, TransactionResolution.COMMIT);
    }

    /** The captured extFields minus keys that clients add outside any header ({@code ReqT}). */
    private static Map<String, String> withoutClientExtras(Map<String, String> extFields) {
        Map<String, String> fields = new LinkedHashMap<>(extFields);
        fields.remove(HeaderKeys.REQUEST_TYPE);
        return fields;
    }
}
