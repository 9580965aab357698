package io.tandem.protocol.trace;

import io.tandem.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trace data as RocketMQ's clients write it, and the broker's own records. */
class TraceCodecTest {

    /** A Pub and a SubAfter record as a 5.3.3 client writes them (fields separated by U+0001, records by U+0002). */
    private static final String CLIENT_DATA = String.join("\u0001", "Pub", "1700000000000", "DefaultRegion", "pg1",
            "TopicTest", "7F0000016907000000000000000A0000", "TagA", "order-1 order-2", "127.0.0.1:10911", "5", "12",
            "0", "7F00000100002A9F0000000000000104", "true") + "\u0002"
            + String.join("\u0001", "SubAfter", "req-1", "7F0000016907000000000000000A0000", "3", "true",
            "order-1 order-2", "0", "1700000000050", "cg1") + "\u0002";

    @Test
    void shouldReadClientRecordsAndWriteThemBackByteForByte() {
        List<TraceRecord> records = TraceCodec.decode(CLIENT_DATA);

        assertThat(records).hasSize(2);
        TraceRecord.Publish pub = (TraceRecord.Publish) records.get(0);
        assertThat(pub.group()).isEqualTo("pg1");
        assertThat(pub.offsetMsgId()).isEqualTo("7F00000100002A9F0000000000000104");
        assertThat(pub.messageType()).isEqualTo(TraceMessageType.NORMAL);
        assertThat(pub.success()).isTrue();
        assertThat(pub.indexKeys()).containsExactly("7F0000016907000000000000000A0000", "order-1", "order-2");
        TraceRecord.ConsumeAfter sub = (TraceRecord.ConsumeAfter) records.get(1);
        assertThat(sub.group()).isEqualTo("cg1");
        assertThat(sub.timestamp()).isEqualTo(1_700_000_000_050L);
        assertThat(TraceCodec.encode(records)).isEqualTo(CLIENT_DATA);
    }

    @Test
    void shouldReadOlderLayoutsAndSkipUnknownRecordTypes() {
        String oldPub = String.join("\u0001", "Pub", "1", "r", "g", "T", "id", "null", "null", "h", "1", "2", "1",
                "false");
        String cloudSubAfter = String.join("\u0001", "SubAfter", "req", "id", "3", "false", "null", "1") + "\u0001";
        String unknown = String.join("\u0001", "SomethingNew", "x", "y");

        List<TraceRecord> records = TraceCodec.decode(oldPub + "\u0002" + unknown + "\u0002" + cloudSubAfter
                + "\u0002");

        assertThat(records).hasSize(2);
        TraceRecord.Publish pub = (TraceRecord.Publish) records.get(0);
        assertThat(pub.offsetMsgId()).isNull();
        assertThat(pub.tags()).isNull();
        assertThat(pub.messageType()).isEqualTo(TraceMessageType.TRANSACTION_HALF);
        assertThat(pub.indexKeys()).containsExactly("id");
        TraceRecord.ConsumeAfter sub = (TraceRecord.ConsumeAfter) records.get(1);
        assertThat(sub.contextCode()).isEqualTo(1);
        assertThat(sub.timestamp()).isNull();
        assertThat(TraceCodec.encode(List.of(sub))).isEqualTo(cloudSubAfter + "\u0002");
    }

    @Test
    void shouldRoundTripTheBrokersOwnRecords() {
        List<TraceRecord> records = List.of(
                new TraceRecord.Stored(10, "broker-a", "T", "id1", "TagA", "k1 k2", 3, 7, "OFF", "127.0.0.1:10911",
                        42, 9, "127.0.0.1:5000"),
                new TraceRecord.Retry(11, "broker-a", "cg", "id1", "k1", "T", 2, 4, "OFF2"),
                new TraceRecord.DeadLetter(12, "broker-a", "cg", "id1", null, "T", 17,
                        DeadLetterReason.REACHED_GROUP_MAXIMUM, "OFF3"),
                new TraceRecord.HalfStored(13, "broker-a", "pg", "T", "id2", "biz-9", 0, "OFF4"),
                new TraceRecord.CheckBack(14, "broker-a", "pg", "id2", 1, "127.0.0.1@x", "127.0.0.1:6000",
                        CheckBackAnswer.COMMIT, 8),
                new TraceRecord.Decided(15, "broker-a", "pg", "id2", "COMMIT", "CHECK", 0));

        String data = TraceCodec.encode(records);

        assertThat(TraceCodec.decode(data)).isEqualTo(records);
        assertThat(records.get(3).indexKeys()).containsExactly("id2", "biz-9");
    }

    @Test
    void shouldNameTheRecordAndFieldThatIsMalformedAndRefuseSeparatorsInFields() {
        assertThatThrownBy(() -> TraceCodec.decode(String.join("\u0001", "BrokerDecision", "x", "b", "pg", "id",
                "COMMIT", "CHECK", "0")))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("BrokerDecision trace record: field 1 'x' is not a number");
        assertThatThrownBy(() -> TraceCodec.decode("SubBefore\u00011"))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("SubBefore trace record has 2 fields, at least 8 are needed");
        assertThatThrownBy(() -> TraceCodec.encode(List.of(
                new TraceRecord.Decided(1, "b", "p\u0001g", "id", "COMMIT", "CHECK", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("separator");
    }
}
