package io.tandem.protocol.message;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.InetSocketAddress;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips of offset message ids, IPv4 and IPv6. */
class OffsetMessageIdPropertiesTest {

    @Property
    void offsetMessageIdsShouldRoundTrip(@ForAll("hosts") InetSocketAddress host, @ForAll long commitLogOffset) {
        String id = OffsetMessageId.encode(host, commitLogOffset);

        assertThat(id).hasSize(host.getAddress().getAddress().length == 4 ? 32 : 56)
                .isEqualTo(id.toUpperCase(Locale.ROOT));
        assertThat(OffsetMessageId.decode(id)).isEqualTo(new OffsetMessageId(host, commitLogOffset));
        assertThat(OffsetMessageId.decode(id.toLowerCase(Locale.ROOT)).encode()).isEqualTo(id);
    }

    @Provide
    Arbitrary<InetSocketAddress> hosts() {
        return MessageArbitraries.hosts();
    }
}
