package io.tandem.protocol.message;

import io.tandem.protocol.ProtocolException;
import io.tandem.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Offset message ids, unique keys and the tag hash. */
class MessageIdsTest {

    @Test
    void shouldEncodeTheOffsetMessageIdOfTheFactSheet() throws Exception {
        InetSocketAddress broker = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 10911);

        assertThat(OffsetMessageId.encode(broker, 260)).isEqualTo("7F00000100002A9F0000000000000104");
        assertThat(OffsetMessageId.decode("7F00000100002A9F0000000000000104"))
                .isEqualTo(new OffsetMessageId(broker, 260));
        assertThat(OffsetMessageId.decode("7f00000100002a9f0000000000000104").commitLogOffset()).isEqualTo(260);
    }

    @Test
    void shouldRejectMalformedOffsetMessageIds() {
        assertThatThrownBy(() -> OffsetMessageId.decode("7F00000100002A9F"))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("offset message id must be 32 or 56 hex digits, got 16: '7F00000100002A9F'");
        assertThatThrownBy(() -> OffsetMessageId.decode(null)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> OffsetMessageId.decode("ZZ00000100002A9F0000000000000104"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("is not hexadecimal");
        assertThatThrownBy(() -> OffsetMessageId.decode("7F000001FFFFFFFF0000000000000104"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("holds port -1, outside 0..65535");
    }

    @Test
    void shouldParseTheCapturedUniqueKey() {
        UniqueKey key = UniqueKey.parse("7F000001690730946E09767337FB0000");

        assertThat(key.clientAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(key.processId()).isEqualTo((short) 26887);
        assertThat(key.classLoaderHash()).isEqualTo(0x30946E09);
        assertThat(key.msSinceMonthStart()).isEqualTo(0x767337FB);
        assertThat(key.counter()).isZero();
        assertThat(key.format()).isEqualTo("7F000001690730946E09767337FB0000");
        assertThatThrownBy(() -> UniqueKey.parse("7F00")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void shouldGenerateUniqueKeysFromTheInjectedClockAndCount() throws Exception {
        Instant now = Instant.parse("2026-11-03T10:00:00.250Z");
        UniqueKeyGenerator generator = new UniqueKeyGenerator(InetAddress.getByAddress(new byte[] {10, 0, 0, 7}),
                0x12345, 0xCAFEBABE, Clock.fixed(now, ZoneOffset.UTC));

        String first = generator.next();
        UniqueKey second = generator.nextKey();

        long sinceMonthStart = now.toEpochMilli() - Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        assertThat(first).isEqualTo("0A000007" + "2345" + "CAFEBABE"
                + HexFormat.of().withUpperCase().toHexDigits((int) sinceMonthStart) + "0000");
        assertThat(second.counter()).isEqualTo((short) 1);
        assertThat(UniqueKey.parse(first).msSinceMonthStart()).isEqualTo((int) sinceMonthStart);
    }

    @Test
    void shouldRestartTheTimeFieldInANewMonth() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:59:59.999Z"));
        UniqueKeyGenerator generator = new UniqueKeyGenerator(InetAddress.getLoopbackAddress(), 1, 1, clock);

        assertThat(generator.nextKey().msSinceMonthStart()).isEqualTo(30 * 86_400_000 - 1);
        clock.set(Instant.parse("2026-12-01T00:00:00.005Z"));
        assertThat(generator.nextKey().msSinceMonthStart()).isEqualTo(5);
    }

    @Test
    void shouldHashTagsLikeTheReferenceConsumeQueue() {
        assertThat(TagHash.of("TagA")).isEqualTo(2598919);
        assertThat(TagHash.of("TagB")).isEqualTo(2598920);
        assertThat(TagHash.of(null)).isZero();
        assertThat(TagHash.of("")).isZero();
    }
}
