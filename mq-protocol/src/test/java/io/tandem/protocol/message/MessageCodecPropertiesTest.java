package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Round trips of the stored-message codec, IPv4 and IPv6 hosts, V1 and V2 magic. */
class MessageCodecPropertiesTest {

    @Property
    void recordsShouldDecodeToWhatWasEncoded(@ForAll("records") MessageRecord record) {
        ByteBuf out = Unpooled.buffer();
        int written = MessageCodec.encode(record, out);

        assertThat(written).isEqualTo(out.readableBytes()).isEqualTo(MessageCodec.encodedLength(record));
        assertThat(MessageCodec.decodeAll(out)).containsExactly(record);
        assertThat(MessageCodec.encode(record)).isEqualTo(ByteBufUtil.getBytes(out));
    }

    @Property
    void theFlyweightShouldSeeTheSameFieldsAndAMatchingCrc(@ForAll("records") MessageRecord record) {
        ByteBuf buffer = Unpooled.wrappedBuffer(MessageCodec.encode(record));
        MessageFlyweight flyweight = new MessageFlyweight().wrap(buffer, 0);

        assertThat(flyweight.bodyCrcMatches()).isTrue();
        assertThat(flyweight.isV1()).isEqualTo(record.topic().getBytes(StandardCharsets.UTF_8).length <= 127);
        assertThat(flyweight.bornHost()).isEqualTo(record.bornHost());
        assertThat(flyweight.storeHost()).isEqualTo(record.storeHost());
        assertThat(flyweight.queueOffset()).isEqualTo(record.queueOffset());
        assertThat(flyweight.commitLogOffset()).isEqualTo(record.commitLogOffset());
        assertThat(flyweight.preparedTransactionOffset()).isEqualTo(record.preparedTransactionOffset());
        assertThat(flyweight.reconsumeTimes()).isEqualTo(record.reconsumeTimes());
        assertThat(flyweight.topic()).isEqualTo(record.topic());
        assertThat(flyweight.offsetMessageId()).isEqualTo(record.offsetMessageId());
        assertThat((flyweight.sysFlag() & MessageSysFlag.BORN_HOST_V6) != 0)
                .isEqualTo(record.bornHost().getAddress().getAddress().length == 16);
        assertThat((flyweight.sysFlag() & MessageSysFlag.STORE_HOST_V6) != 0)
                .isEqualTo(record.storeHost().getAddress().getAddress().length == 16);
    }

    @Property(tries = 100)
    void concatenatedRecordsShouldDecodeInOrder(@ForAll("recordLists") List<MessageRecord> records) {
        ByteBuf body = Unpooled.buffer();
        records.forEach(record -> MessageCodec.encode(record, body));

        assertThat(MessageCodec.decodeAll(body)).containsExactlyElementsOf(records);
    }

    @Property(tries = 500)
    void damagedRecordsShouldFailOnlyWithProtocolExceptions(@ForAll("records") MessageRecord record,
                                                            @ForAll int position, @ForAll byte value,
                                                            @ForAll("cuts") int cut) {
        byte[] bytes = MessageCodec.encode(record);
        bytes[Math.floorMod(position, bytes.length)] = value;
        byte[] damaged = java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));

        assertThatCode(() -> {
            try {
                MessageCodec.decodeAll(damaged);
            } catch (ProtocolException expected) {
                assertThat(expected).hasMessageContaining("malformed message record at offset");
            }
        }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 400));
    }

    @Provide
    Arbitrary<MessageRecord> records() {
        return MessageArbitraries.records();
    }

    @Provide
    Arbitrary<List<MessageRecord>> recordLists() {
        return MessageArbitraries.records().list().ofMaxSize(6);
    }
}
