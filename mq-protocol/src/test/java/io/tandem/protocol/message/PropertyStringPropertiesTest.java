package io.tandem.protocol.message;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips and leniency of the property string codec. */
class PropertyStringPropertiesTest {

    @Property
    void propertiesShouldSurviveAnEncodeDecodeRoundTrip(@ForAll("properties") Map<String, String> properties) {
        String encoded = MessageProperties.encode(properties);

        assertThat(MessageProperties.decode(encoded)).containsExactlyEntriesOf(properties);
        assertThat(encoded.isEmpty() || encoded.endsWith("\u0002")).isTrue();
    }

    @Property
    void decodingShouldNeverFail(@ForAll("anyText") String text) {
        assertThat(MessageProperties.decode(text)).allSatisfy((name, value) -> {
            assertThat(name).isNotEmpty().doesNotContain("\u0001", "\u0002");
            assertThat(value).isNotEmpty().doesNotContain("\u0002");
        });
    }

    @Provide
    Arbitrary<Map<String, String>> properties() {
        return MessageArbitraries.properties();
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().withChars('a', 'b', '\u0001', '\u0002', ' ').ofMaxLength(30);
    }
}
