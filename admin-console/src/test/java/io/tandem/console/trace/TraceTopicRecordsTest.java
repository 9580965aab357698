package io.tandem.console.trace;

import io.tandem.console.coordinator.HalfSummary;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.trace.CheckBackAnswer;
import io.tandem.protocol.trace.TraceCodec;
import io.tandem.protocol.trace.TraceMessageType;
import io.tandem.protocol.trace.TraceRecord;
import io.tandem.protocol.trace.TransactionState;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's reading of the trace topic: records joined to a message by its id, and to the coordinator's half. */
class TraceTopicRecordsTest {

    private static final String ID = "C0A80001000018B4AAC2000000000001";
    private static final String OTHER = "C0A80001000018B4AAC2000000000002";

    @Test
    void shouldKeepOnlyTheRecordsWhoseMessageIdIsTheMessagesId() {
        // One trace message carries records of several messages; the other message's keys contain ID as text.
        String data = TraceCodec.encode(List.of(
                new TraceRecord.Publish(1_000, "DefaultRegion", "orders", "Orders", ID, "paid", "order-1",
                        "127.0.0.1:10911", 12, 3, TraceMessageType.NORMAL, "7F00000100002A9F0000000000000000", true,
                        "127.0.0.1@1#1"),
                new TraceRecord.Publish(1_001, "DefaultRegion", "orders", "Orders", OTHER, "paid", "refund-of-" + ID,
                        "127.0.0.1:10911", 12, 3, TraceMessageType.NORMAL, "7F00000100002A9F0000000000000100", true,
                        "127.0.0.1@1#1"),
                new TraceRecord.ConsumeBefore(1_010, "DefaultRegion", "billing", "R1", ID, 0, "order-1"),
                new TraceRecord.ConsumeAfter("R1", ID, 4, true, "order-1", 0, 1_014L, "billing"),
                new TraceRecord.Stored(1_002, "broker-a", "Orders", ID, "paid", "order-1", 2, 41,
                        "7F00000100002A9F0000000000000000", "127.0.0.1:10911", 12, 999, "127.0.0.1:50000")));

        List<TraceRecord> about = TraceTopicRecords.about(data, ID);

        assertThat(about).extracting(TraceRecord::msgId).containsOnly(ID);
        assertThat(about).extracting(record -> record.type().wireName())
                .containsExactly("Pub", "SubBefore", "SubAfter", "BrokerStored");
    }

    @Test
    void shouldFindTheMessageInTheCommaJoinedIdsOfABatch() {
        String data = TraceCodec.encode(List.of(new TraceRecord.Publish(1_000, "DefaultRegion", "orders", "Orders",
                OTHER + "," + ID, null, null, "127.0.0.1:10911", 24, 3, TraceMessageType.NORMAL, null, true, null)));

        assertThat(TraceTopicRecords.about(data, ID)).hasSize(1);
        assertThat(TraceTopicRecords.about(data, ID.substring(4))).isEmpty();
    }

    @Test
    void shouldShowEachRecordAsATimelineStepNamingItsSource() {
        TimelineEvent sent = TraceTopicRecords.event(new TraceRecord.Publish(1_000, "DefaultRegion", "orders",
                "Orders", ID, null, null, "127.0.0.1:10911", 12, 3, TraceMessageType.NORMAL, null, true, null));
        TimelineEvent consumed = TraceTopicRecords.event(new TraceRecord.ConsumeAfter("R1", ID, 4, false, null, 4,
                1_014L, "billing"));
        TimelineEvent decided = TraceTopicRecords.event(new TraceRecord.EndTransaction(1_020, "DefaultRegion",
                "orders", "Orders", ID, null, null, "127.0.0.1:10911", TraceMessageType.TRANSACTION_COMMIT, ID,
                TransactionState.COMMIT_MESSAGE, true));
        TimelineEvent check = TraceTopicRecords.event(new TraceRecord.CheckBack(1_030, "broker-a", "orders", ID, 2,
                "127.0.0.1@1#1", "127.0.0.1:50001", CheckBackAnswer.NO_ANSWER, -1));

        assertThat(sent.title()).isEqualTo("Client trace: sent by orders");
        assertThat(sent.atMs()).isEqualTo(1_000L);
        assertThat(consumed.title()).isEqualTo("Client trace: failed by billing");
        assertThat(consumed.status()).isEqualTo(TimelineEvent.Status.FAILED);
        assertThat(decided.title()).contains("COMMIT_MESSAGE answering a check-back");
        assertThat(check.stage()).isEqualTo(TimelineEvent.Stage.CHECK_BACK);
        assertThat(check.source()).isEqualTo("broker trace");
        assertThat(check.detail()).endsWith("no answer");
        assertThat(check.status()).isEqualTo(TimelineEvent.Status.FAILED);
    }

    @Test
    void shouldJoinTheBrokersHalfWithTheCoordinatorsRecordByBrokerAndHalfOffset() {
        TraceRecord.HalfStored traced = new TraceRecord.HalfStored(1_000, "broker-a", "orders", "Orders", ID, null,
                17, OffsetMessageId.encode(new InetSocketAddress("127.0.0.1", 10911), 4096));

        assertThat(MessageTracer.sameHalf(traced, half("127.0.0.1:10911", 17))).isTrue();
        assertThat(MessageTracer.sameHalf(traced, half("127.0.0.1:10911", 18))).isFalse();
        assertThat(MessageTracer.sameHalf(traced, half("127.0.0.1:10912", 17))).isFalse();
    }

    private static HalfSummary half(String broker, long halfOffset) {
        return new HalfSummary(1, broker, halfOffset, "orders", "Orders", ID, null, "PARKED", 0, 0, null, null,
                null, null);
    }
}
