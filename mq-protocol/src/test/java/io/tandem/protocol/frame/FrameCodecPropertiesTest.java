package io.tandem.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.LanguageCode;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.SerializeType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Round trips of the frame codec for arbitrary commands, in both header serializations. */
class FrameCodecPropertiesTest {

    @Property
    void jsonFramesShouldDecodeToTheEncodedCommand(@ForAll("commands") RemotingCommand command) {
        ByteBuf out = Unpooled.buffer();
        int written = FrameEncoder.encode(command, SerializeType.JSON, out);

        assertThat(written).isEqualTo(out.readableBytes());
        assertThat(FrameDecoder.decodeFrame(out)).isEqualTo(command);
        assertThat(out.isReadable()).isFalse();
    }

    @Property
    void binaryFramesShouldDecodeToTheEncodedCommandUpToEmptyStrings(@ForAll("commands") RemotingCommand command) {
        ByteBuf out = Unpooled.buffer();
        FrameEncoder.encode(command, SerializeType.ROCKETMQ, out);

        // A binary header cannot carry an empty remark or an empty (versus absent) extFields.
        RemotingCommand.Builder expected = command.toBuilder();
        if ("".equals(command.remark())) {
            expected.remark(null);
        }
        if (command.extFields().isEmpty()) {
            expected.extFields(null);
        }
        assertThat(FrameDecoder.decodeFrame(out)).isEqualTo(expected.build());
    }

    @Property(tries = 100)
    void framesShouldFollowEachOtherInOneStream(@ForAll("commandLists") List<RemotingCommand> commands,
                                                @ForAll SerializeType type) {
        ByteBuf stream = Unpooled.buffer();
        commands.forEach(command -> FrameEncoder.encode(command, type, stream));

        List<RemotingCommand> decoded = new ArrayList<>();
        while (stream.isReadable()) {
            decoded.add(FrameDecoder.decodeFrame(stream));
        }

        assertThat(decoded).hasSize(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            assertThat(decoded.get(i).opaque()).isEqualTo(commands.get(i).opaque());
            assertThat(decoded.get(i).body()).isEqualTo(commands.get(i).body());
        }
    }

    @Property
    void headerAndAppendedBodyShouldDecodeLikeAWholeFrame(@ForAll("commands") RemotingCommand command,
                                                          @ForAll SerializeType type) {
        ByteBuf whole = Unpooled.buffer();
        FrameEncoder.encode(command, type, whole);
        ByteBuf split = Unpooled.buffer();
        FrameEncoder.encodeHeader(command, type, command.body().length, split);
        split.writeBytes(command.body());

        assertThat(split).isEqualTo(whole);
    }

    @Property(tries = 500)
    void corruptedFramesShouldFailOnlyWithProtocolExceptions(@ForAll("commands") RemotingCommand command,
                                                             @ForAll SerializeType type,
                                                             @ForAll("corruptions") List<int[]> corruptions) {
        ByteBuf frame = Unpooled.buffer();
        FrameEncoder.encode(command, type, frame);
        byte[] bytes = new byte[frame.readableBytes() - 4];
        frame.getBytes(4, bytes);
        for (int[] corruption : corruptions) {
            bytes[Math.floorMod(corruption[0], bytes.length)] = (byte) corruption[1];
        }

        assertThatCode(() -> {
            try {
                FrameDecoder.decode(Unpooled.wrappedBuffer(bytes));
            } catch (ProtocolException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<List<int[]>> corruptions() {
        Arbitrary<int[]> one = Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 255))
                .as((index, value) -> new int[] {index, value});
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<RemotingCommand>> commandLists() {
        return commands().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<RemotingCommand> commands() {
        Arbitrary<Integer> shortValues = Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
        Arbitrary<String> remarks = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(""), text());
        Arbitrary<Map<String, String>> extFields = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.maps(text(), text()).ofMaxSize(8).map(LinkedHashMap::new));
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(shortValues, Arbitraries.of(LanguageCode.class), shortValues,
                        Arbitraries.integers(), Arbitraries.integers().between(0, 3), remarks, extFields, bodies)
                .as((code, language, version, opaque, flag, remark, fields, body) -> RemotingCommand.request(code)
                        .language(language).version(version).opaque(opaque).flag(flag).remark(remark)
                        .extFields(fields).body(body).build());
    }

    /** Text without unpaired surrogates (which UTF-8 cannot carry), including controls and non-ASCII. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('\u0000', '\u00ff').withCharRange('\u4e00', '\u4e10')
                .withChars('"', '\\', '\u0001', '\u0002', '/').ofMaxLength(20);
    }
}
